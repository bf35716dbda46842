/**
 * The fixed catalog: operating systems, instance and volume profiles. Uses {@code domain.common}.
 */
package io.imprint.core.domain.catalog;
