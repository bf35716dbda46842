package io.imprint.core.domain.catalog;

import java.time.Instant;

/**
 * An image of the provider's stock catalog: the operating system it holds, and the lifecycle dates
 * the provider gives it (both null for the newest version of a family).
 */
public record StockImage(
    OperatingSystem operatingSystem, Instant deprecationAt, Instant obsolescenceAt) {

  /** As IBM names its stock images: {@code ibm-ubuntu-24-04-minimal-amd64-1}. */
  public String name() {
    return "ibm-"
        + operatingSystem
            .name()
            .replace("-amd64", "-minimal-amd64")
            .replace("-s390x", "-minimal-s390x")
        + "-1";
  }
}
