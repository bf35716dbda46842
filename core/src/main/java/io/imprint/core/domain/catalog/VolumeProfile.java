package io.imprint.core.domain.catalog;

/**
 * A block storage profile. {@code iopsPerGb} of 0 means the profile sets no IOPS tier (custom or
 * sdp): a volume's IOPS are then chosen, {@link #MIN_IOPS} to {@link #MAX_IOPS}.
 */
public record VolumeProfile(
    String name, String family, int iopsPerGb, int defaultIops, int maxCapacityGb) {
  public static final int MIN_IOPS = 100;
  public static final int MAX_IOPS = 48000;

  /** The IOPS a volume of this profile gets at {@code capacityGb} when the request names none. */
  public int iopsFor(int capacityGb) {
    return tiered() ? Math.max(MIN_IOPS, capacityGb * iopsPerGb) : defaultIops;
  }

  /** Whether a volume's IOPS follow from its capacity (a tier) rather than being chosen. */
  public boolean tiered() {
    return iopsPerGb > 0;
  }

  /**
   * IBM's storage generation of the profile's volumes: 2 for the defined-performance profile (sdp),
   * 1 for the tiered and custom ones.
   */
  public int storageGeneration() {
    return family.equals("defined_performance") ? 2 : 1;
  }
}
