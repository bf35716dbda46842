/**
 * IAM's rules: the platform roles and the actions each allows, identities and their keys, policies
 * and the decision they make together ({@code Grants}). Pure; uses nothing else of the domain.
 */
package io.imprint.core.domain.iam;
