package io.imprint.core.domain.volume;

import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.VolumeProfile;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;

/** Volume rules shared by data volumes and boot volumes made with an instance. */
public final class VolumeRules {
  public static final int DATA_DEFAULT_GB = 100;
  public static final int DATA_MIN_GB = 10;
  public static final int DATA_MAX_GB = 16000;
  public static final int BOOT_MIN_GB = 100;
  public static final int BOOT_MAX_GB = 250;
  public static final int BOOT_DEFAULT_GB = 100;

  /**
   * The largest boot volume any profile allows (sdp's maximum): an image that needs more can never
   * boot, so its import fails with {@code image_provisioned_size_unsupported}.
   */
  public static final int BOOT_LARGEST_GB = 32_000;

  public static final String DEFAULT_PROFILE = "general-purpose";

  private VolumeRules() {}

  public static VolumeProfile requireProfile(Catalog catalog, String field, String name) {
    return catalog
        .volumeProfile(name)
        .orElseThrow(() -> ApiException.referenceNotFound("Volume profile", field, name));
  }

  /**
   * The most a boot volume of {@code profile} may hold: 250 GB, except on the sdp profile
   * (defined_performance), whose boot volumes IBM lets grow to the profile's maximum since
   * 2026-05-19. Images are still made only from boot volumes of 100-250 GB.
   */
  public static int bootMaxGb(VolumeProfile profile) {
    return profile.family().equals("defined_performance") ? profile.maxCapacityGb() : BOOT_MAX_GB;
  }

  /** The most a data volume of {@code profile} may hold. */
  public static int dataMaxGb(VolumeProfile profile) {
    return Math.min(DATA_MAX_GB, profile.maxCapacityGb());
  }

  public static void requireCapacity(String field, int capacity, int min, int max) {
    if (capacity < min) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_MIN_VALUE,
          field,
          capacity,
          field + " must be at least " + min + " GB.");
    }
    if (capacity > max) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_MAX_VALUE,
          field,
          capacity,
          field + " must be at most " + max + " GB.");
    }
  }

  /** IOPS may be chosen only for profiles without a fixed tier (custom, sdp). */
  public static int resolveIops(
      VolumeProfile profile, Integer requested, int capacity, String field) {
    if (requested == null) {
      return profile.iopsFor(capacity);
    }
    if (profile.tiered()) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          field,
          requested,
          "The "
              + profile.name()
              + " profile sets IOPS from capacity; choose the custom or sdp profile to set iops.");
    }
    if (requested < VolumeProfile.MIN_IOPS || requested > VolumeProfile.MAX_IOPS) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_MAX_VALUE,
          field,
          requested,
          "iops must be " + VolumeProfile.MIN_IOPS + "-" + VolumeProfile.MAX_IOPS + ".");
    }
    return requested;
  }
}
