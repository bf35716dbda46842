/**
 * Volume services. Uses {@code domain}, {@code port}, {@code app.common}, {@code app.disk} and
 * {@code app.resourcegroup}.
 */
package io.imprint.core.app.volume;
