/**
 * Key Protect's root keys: their states and the transition table between them ({@code
 * KeyTransitions}), their versions (the material, only ever sealed by the master key) and their
 * registrations (what each key protects). Pure; uses {@code domain.common}.
 */
package io.imprint.core.domain.kms;
