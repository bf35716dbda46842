package io.imprint.core.domain.catalog;

/** An operating system of the catalog; every field is required on IBM's wire. */
public record OperatingSystem(
    String name,
    String displayName,
    Release release,
    String architecture,
    boolean dedicatedHostOnly,
    boolean allowUserImageCreation,
    String userDataFormat) {

  /** Which release of which distribution, as IBM's catalog names them. */
  public record Release(String family, String vendor, String version) {}

  public String family() {
    return release.family();
  }

  public String vendor() {
    return release.vendor();
  }

  public String version() {
    return release.version();
  }
}
