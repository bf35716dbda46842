package io.imprint.core.store;

import io.imprint.core.image.Image;
import io.imprint.core.image.ImageFilter;

/**
 * Images. {@link ImageFilter.Owner} needs the caller's account, so the filter is passed with it in {@link Query}.
 */
public interface ImageRepository extends Repository<Image, ImageRepository.Query> {
  record Query(ImageFilter filter, String callerAccountId) {}
}
