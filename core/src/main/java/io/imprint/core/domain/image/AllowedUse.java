package io.imprint.core.domain.image;

/** IBM's {@code allowed_use}: CEL expressions; {@code "true"} means no constraint. */
public record AllowedUse(String apiVersion, String bareMetalServer, String instance) {
  public static AllowedUse unconstrained(String apiVersion) {
    return new AllowedUse(apiVersion, "true", "true");
  }
}
