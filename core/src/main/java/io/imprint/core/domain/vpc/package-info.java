/** VPCs and subnets, and CIDR arithmetic. Uses {@code domain.common}. */
package io.imprint.core.domain.vpc;
