package io.imprint.core.app.content;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.util.regex.Pattern;

/**
 * One HTTP byte range ({@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}), resolved against a
 * size.
 */
public record ByteRange(long first, long last) {
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  /**
   * The range a {@code Range} header asks for within {@code size} bytes; null header = everything.
   */
  public static ByteRange resolve(String header, long size) {
    if (header == null) {
      return null;
    }
    var m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw unsatisfiable(
          header,
          size,
          "Only one range of the form bytes=first-last, bytes=first- or bytes=-suffix is served.");
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) {
      long suffix = saturated(m.group(2));
      if (suffix == 0) {
        throw unsatisfiable(header, size, "An empty suffix range selects nothing.");
      }
      first = Math.max(0, size - suffix);
      last = size - 1;
    } else {
      first = saturated(m.group(1));
      // RFC 9110 §14.1.2: a last position past the end means the end, however large it is
      last = m.group(2).isEmpty() ? size - 1 : Math.min(saturated(m.group(2)), size - 1);
    }
    if (first >= size || first > last) {
      throw unsatisfiable(
          header, size, "The range lies outside the " + size + " bytes of the content.");
    }
    return new ByteRange(first, last);
  }

  /** A position of any number of digits: one past what a long holds counts as the largest long. */
  private static long saturated(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  public long length() {
    return last - first + 1;
  }

  private static ApiException unsatisfiable(String header, long size, String why) {
    return new ApiException(
        ErrorCode.RANGE_NOT_SATISFIABLE,
        why + " (size " + size + ")",
        Target.header("Range", header));
  }
}
