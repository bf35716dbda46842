package io.imprint.core.app.kms;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.RootKey;

/**
 * A key as the API shows it: its metadata, CRN, latest version (its material gone once destroyed)
 * and the job rewrapping its data keys after its last rotation (null when it was never rotated).
 */
public record KeyView(RootKey key, String crn, KeyVersion latest, Job rewrap) {}
