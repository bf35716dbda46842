/**
 * IAM's rules: the platform roles and the actions each allows. Pure; uses nothing else of the
 * domain. Identities, keys and policies join it as IAM lands (#17).
 */
package io.imprint.core.domain.iam;
