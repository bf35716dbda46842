/**
 * Key Protect's root keys on the same server: creating, reading, disabling, enabling, rotating and
 * deleting them, wrapping and unwrapping data keys under them, their registrations, and the job
 * that rewraps stored data keys after a rotation. Uses {@code domain}, {@code port}, {@code
 * app.common}, {@code app.event} and {@code app.job}.
 */
package io.imprint.core.app.kms;
