/**
 * The fixed catalog: operating systems, instance and volume profiles, and the provider's stock
 * images with their lifecycle dates. Uses {@code domain.common}.
 */
package io.imprint.core.domain.catalog;
