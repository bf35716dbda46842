/**
 * What every service shares: the deployment (ids, account, the injected clock), the settable
 * virtual clock, unique names. Uses {@code domain} and {@code port}.
 */
package io.imprint.core.app.common;
