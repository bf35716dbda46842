package io.imprint.server;

import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.port.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Puts custom images straight into a server's store, for read-side tests that need many of them.
 */
final class Images {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

  private Images() {}

  static Image custom(String name, ImageStatus status, String resourceGroupId) {
    return custom(name, status, resourceGroupId, null);
  }

  /** A custom image stored as if {@code deprecationAt} had been scheduled before it passed. */
  static Image custom(
      String name, ImageStatus status, String resourceGroupId, Instant deprecationAt) {
    return custom(
        name, status, resourceGroupId, deprecationAt, Instant.parse("2026-11-01T00:00:00.000Z"));
  }

  /** A custom image created at {@code createdAt}. */
  static Image created(String name, String resourceGroupId, Instant createdAt) {
    return custom(name, ImageStatus.AVAILABLE, resourceGroupId, null, createdAt);
  }

  private static Image custom(
      String name,
      ImageStatus status,
      String resourceGroupId,
      Instant deprecationAt,
      Instant createdAt) {
    return new Image(
        "r006-" + UUID.randomUUID(),
        name,
        new Image.State(
            status,
            status == ImageStatus.PENDING
                ? List.of(new StatusReason("image_request_queued", "queued"))
                : List.of(),
            deprecationAt,
            null),
        new Image.Owner(Image.Visibility.PRIVATE, ACCOUNT, resourceGroupId, false),
        // a pending or failed image has no content yet, so no checksum
        new Image.File(
            1,
            status == ImageStatus.PENDING || status == ImageStatus.FAILED ? null : sha256(name),
            100,
            "none",
            null),
        new Image.Origin(
            "debian-12-amd64", "cloud_init", null, AllowedUse.unconstrained("2026-03-24")),
        createdAt,
        0);
  }

  /** A stand-in checksum, the SHA-256 of the name, so that each image has its own. */
  static String sha256(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void insert(Store store, List<Image> images) {
    store.write(
        tx -> {
          images.forEach(tx.images()::insert);
          return null;
        });
  }
}
