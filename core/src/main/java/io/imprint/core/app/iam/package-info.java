/**
 * IAM services: API keys (made, hashed, checked) and the identities they belong to. Uses {@code
 * domain}, {@code port} and {@code app.common}.
 */
package io.imprint.core.app.iam;
