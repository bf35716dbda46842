package io.imprint.core.domain.image;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.time.Instant;

/**
 * IBM's rules for {@code deprecation_at} and {@code obsolescence_at}: in the future, and
 * deprecation first.
 */
public final class ImageDates {
  private ImageDates() {}

  public static void requireSchedule(Instant deprecationAt, Instant obsolescenceAt, Instant now) {
    if (deprecationAt != null && !deprecationAt.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "deprecation_at must be in the future.",
          Target.field("deprecation_at", deprecationAt));
    }
    if (obsolescenceAt != null && !obsolescenceAt.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "obsolescence_at must be in the future.",
          Target.field("obsolescence_at", obsolescenceAt));
    }
    if (deprecationAt != null
        && obsolescenceAt != null
        && !deprecationAt.isBefore(obsolescenceAt)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "deprecation_at must be earlier than obsolescence_at.",
          Target.field("obsolescence_at", obsolescenceAt));
    }
  }
}
