package io.imprint.core.store;

import io.imprint.core.image.Image;
import io.imprint.core.image.ImageFilter;

/**
 * Images. {@link ImageFilter.Owner} needs the caller's account, so the filter is passed with it in {@link Query}.
 */
public interface ImageRepository extends Repository<Image, ImageRepository.Query> {
  record Query(ImageFilter filter, String callerAccountId) {}

  /** Ids of images with a lifecycle date that has come: available past deprecation, available or deprecated past obsolescence. */
  java.util.List<String> dueForLifecycle(java.time.Instant now, int limit);

  /** The earliest lifecycle date after {@code after} that will move an image, if any. */
  java.util.Optional<java.time.Instant> nextLifecycleDue(java.time.Instant after);
}
