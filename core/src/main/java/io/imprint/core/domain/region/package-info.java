/** The region and its zones, as IBM names them. Uses {@code domain.common}. */
package io.imprint.core.domain.region;
