package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * An identity's membership of an access group. IBM names a member's kind {@code user} or {@code
 * service} on the wire; here it is the identity's own kind.
 */
public record GroupMember(String groupId, String iamId, Identity.Kind kind, Instant createdAt) {}
