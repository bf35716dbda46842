package io.imprint.core.domain.catalog;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The fixed catalog: operating systems, their stock images with lifecycle dates, instance profiles
 * (two architectures) and volume profiles. Names and values follow IBM's public catalog; the set is
 * small on purpose, and docs/lifecycle.md#the-stock-catalog lists the stock images.
 */
public final class Catalog {
  /**
   * Per family and architecture, the newest version first, then the older ones that the stock
   * catalog keeps (deprecated or obsolete: {@link StockCatalog}).
   */
  private final List<OperatingSystem> operatingSystems =
      List.of(
          os(
              "ubuntu-24-04-amd64",
              "Ubuntu Linux 24.04 LTS Noble Numbat (amd64)",
              "Ubuntu Linux",
              "Canonical",
              "24.04 LTS",
              "amd64"),
          os(
              "ubuntu-22-04-amd64",
              "Ubuntu Linux 22.04 LTS Jammy Jellyfish (amd64)",
              "Ubuntu Linux",
              "Canonical",
              "22.04 LTS",
              "amd64"),
          os(
              "ubuntu-20-04-amd64",
              "Ubuntu Linux 20.04 LTS Focal Fossa (amd64)",
              "Ubuntu Linux",
              "Canonical",
              "20.04 LTS",
              "amd64"),
          os(
              "debian-12-amd64",
              "Debian GNU/Linux 12.x Bookworm/Stable - Minimal Install (amd64)",
              "Debian GNU/Linux",
              "Debian",
              "12.x Bookworm/Stable - Minimal Install",
              "amd64"),
          os(
              "debian-11-amd64",
              "Debian GNU/Linux 11.x Bullseye/Stable - Minimal Install (amd64)",
              "Debian GNU/Linux",
              "Debian",
              "11.x Bullseye/Stable - Minimal Install",
              "amd64"),
          os(
              "centos-stream-9-amd64",
              "CentOS Stream 9 - Minimal Install (amd64)",
              "CentOS Stream",
              "CentOS",
              "9 - Minimal Install",
              "amd64"),
          os(
              "centos-stream-8-amd64",
              "CentOS Stream 8 - Minimal Install (amd64)",
              "CentOS Stream",
              "CentOS",
              "8 - Minimal Install",
              "amd64"),
          os(
              "rhel-9-amd64",
              "Red Hat Enterprise Linux 9.x - Minimal Install (amd64)",
              "Red Hat Enterprise Linux",
              "Red Hat",
              "9.x - Minimal Install",
              "amd64"),
          os(
              "rhel-8-amd64",
              "Red Hat Enterprise Linux 8.x - Minimal Install (amd64)",
              "Red Hat Enterprise Linux",
              "Red Hat",
              "8.x - Minimal Install",
              "amd64"),
          os(
              "rocky-linux-9-amd64",
              "Rocky Linux 9.x - Minimal Install (amd64)",
              "Rocky Linux",
              "Rocky Enterprise Software Foundation",
              "9.x - Minimal Install",
              "amd64"),
          os(
              "rocky-linux-8-amd64",
              "Rocky Linux 8.x - Minimal Install (amd64)",
              "Rocky Linux",
              "Rocky Enterprise Software Foundation",
              "8.x - Minimal Install",
              "amd64"),
          os(
              "windows-2022-amd64",
              "Windows Server 2022 Standard Edition (amd64)",
              "Windows Server",
              "Microsoft",
              "2022 Standard Edition",
              "amd64"),
          os(
              "windows-2019-amd64",
              "Windows Server 2019 Standard Edition (amd64)",
              "Windows Server",
              "Microsoft",
              "2019 Standard Edition",
              "amd64"),
          os(
              "ubuntu-24-04-s390x",
              "Ubuntu Linux 24.04 LTS Noble Numbat (s390x)",
              "Ubuntu Linux",
              "Canonical",
              "24.04 LTS",
              "s390x"),
          os(
              "ubuntu-22-04-s390x",
              "Ubuntu Linux 22.04 LTS Jammy Jellyfish (s390x)",
              "Ubuntu Linux",
              "Canonical",
              "22.04 LTS",
              "s390x"),
          os(
              "rhel-9-s390x",
              "Red Hat Enterprise Linux 9.x - Minimal Install (s390x)",
              "Red Hat Enterprise Linux",
              "Red Hat",
              "9.x - Minimal Install",
              "s390x"));

  private final List<StockImage> stockImages = StockCatalog.of(operatingSystems);

  private final List<InstanceProfile> instanceProfiles =
      List.of(
              new InstanceProfile("bx2-2x8", "balanced", "amd64", 2, 8, 4000),
              new InstanceProfile("bx2-4x16", "balanced", "amd64", 4, 16, 8000),
              new InstanceProfile("cx2-2x4", "compute", "amd64", 2, 4, 4000),
              new InstanceProfile("mx2-2x16", "memory", "amd64", 2, 16, 4000),
              new InstanceProfile("bz2-2x8", "balanced", "s390x", 2, 8, 4000),
              new InstanceProfile("bz2-4x16", "balanced", "s390x", 4, 16, 8000))
          .stream()
          .sorted(Comparator.comparing(InstanceProfile::name))
          .toList();

  private final List<VolumeProfile> volumeProfiles =
      List.of(
          new VolumeProfile("5iops-tier", "tiered", 5, 0, 16000),
          new VolumeProfile("10iops-tier", "tiered", 10, 0, 16000),
          new VolumeProfile("custom", "custom", 0, 3000, 16000),
          new VolumeProfile("general-purpose", "tiered", 3, 0, 16000),
          new VolumeProfile("sdp", "defined_performance", 0, 3000, 32000));

  private static OperatingSystem os(
      String name,
      String displayName,
      String family,
      String vendor,
      String version,
      String architecture) {
    return new OperatingSystem(
        name,
        displayName,
        new OperatingSystem.Release(family, vendor, version),
        architecture,
        false,
        true,
        "cloud_init");
  }

  public List<OperatingSystem> operatingSystems() {
    return operatingSystems;
  }

  /** The provider's stock images, one per operating system, with their lifecycle dates. */
  public List<StockImage> stockImages() {
    return stockImages;
  }

  public Optional<OperatingSystem> operatingSystem(String name) {
    return operatingSystems.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public OperatingSystem requireOperatingSystem(String name) {
    return operatingSystem(name).orElseThrow(() -> ApiException.notFound("Operating system", name));
  }

  public List<InstanceProfile> instanceProfiles() {
    return instanceProfiles;
  }

  public Optional<InstanceProfile> instanceProfile(String name) {
    return instanceProfiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public List<VolumeProfile> volumeProfiles() {
    return volumeProfiles;
  }

  public Optional<VolumeProfile> volumeProfile(String name) {
    return volumeProfiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The profile named, which must run {@code architecture}; without a name, the smallest profile of
   * that architecture, as IBM chooses.
   */
  public InstanceProfile instanceProfileFor(String name, String architecture) {
    if (name == null) {
      return instanceProfiles().stream()
          .filter(p -> p.architecture().equals(architecture))
          .min(
              Comparator.comparing(InstanceProfile::vcpuCount).thenComparing(InstanceProfile::name))
          .orElseThrow();
    }
    var profile =
        instanceProfile(name)
            .orElseThrow(
                () -> ApiException.referenceNotFound("Instance profile", "profile.name", name));
    if (!profile.architecture().equals(architecture)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "profile.name",
          name,
          "Profile "
              + name
              + " runs "
              + profile.architecture()
              + " but the image's operating system is "
              + architecture
              + ".");
    }
    return profile;
  }
}
