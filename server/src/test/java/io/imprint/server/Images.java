package io.imprint.server;

import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.port.Store;
import java.time.Instant;
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
    return new Image(
        "r006-" + UUID.randomUUID(),
        name,
        status,
        status == ImageStatus.PENDING
            ? List.of(new StatusReason("image_request_queued", "queued"))
            : List.of(),
        Image.Visibility.PRIVATE,
        ACCOUNT,
        "none",
        null,
        1,
        "0".repeat(64),
        100,
        "debian-12-amd64",
        "cloud_init",
        resourceGroupId,
        false,
        AllowedUse.unconstrained("2026-03-24"),
        deprecationAt,
        null,
        null,
        Instant.parse("2026-11-01T00:00:00.000Z"),
        0);
  }

  static void insert(Store store, List<Image> images) {
    store.write(
        tx -> {
          images.forEach(tx.images()::insert);
          return null;
        });
  }
}
