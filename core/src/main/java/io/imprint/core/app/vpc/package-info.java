/**
 * VPC and subnet services. Uses {@code domain}, {@code port}, {@code app.common} and {@code
 * app.resourcegroup}.
 */
package io.imprint.core.app.vpc;
