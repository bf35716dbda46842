/** Resource group services. Uses {@code domain}, {@code port} and {@code app.common}. */
package io.imprint.core.app.resourcegroup;
