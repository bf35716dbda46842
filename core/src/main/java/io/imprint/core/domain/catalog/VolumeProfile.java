package io.imprint.core.domain.catalog;

/**
 * A block storage profile. {@code iopsPerGb} of 0 means the profile sets no IOPS tier (custom or
 * sdp).
 */
public record VolumeProfile(
    String name, String family, int iopsPerGb, int defaultIops, int maxCapacityGb) {

  /** The IOPS a volume of this profile gets at {@code capacityGb} when the request names none. */
  public int iopsFor(int capacityGb) {
    return iopsPerGb > 0 ? Math.max(100, capacityGb * iopsPerGb) : defaultIops;
  }
}
