/** Resource groups, shaped like IBM Resource Manager's. Uses {@code domain.common}. */
package io.imprint.core.domain.resourcegroup;
