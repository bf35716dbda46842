package io.imprint.core.app.job;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text form that payload codecs share: {@code key=value} fields joined by {@code &}, each value
 * URL-encoded, e.g. {@code volume=r006-1234}. Core has no JSON, and a payload is a few named
 * values. Text not wholly of this form (keys of lower-case letters and underscores) reads as
 * nothing, which lets a codec tell its fields from what older versions stored: a bare volume id or
 * file path.
 */
public final class PayloadText {
  private static final Pattern FIELD = Pattern.compile("[a-z_]+=[^&=]*");

  private PayloadText() {}

  /** {@code write("volume", "r006-1", "size", "10")} → {@code volume=r006-1&size=10}. */
  public static String write(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    var text = new StringBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      var key = keysAndValues[i];
      if (!key.matches("[a-z_]+")) {
        throw new IllegalArgumentException("a payload key is lower-case letters and _: " + key);
      }
      text.append(i == 0 ? "" : "&")
          .append(key)
          .append('=')
          .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  /** The fields of {@code text}; empty when it is not in this form at all. */
  public static Optional<Map<String, String>> read(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    var fields = new LinkedHashMap<String, String>();
    for (var field : text.split("&", -1)) {
      if (!FIELD.matcher(field).matches()) {
        return Optional.empty();
      }
      int eq = field.indexOf('=');
      fields.put(
          field.substring(0, eq),
          URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return Optional.of(fields);
  }

  /** The field {@code key} of a payload read by {@link #read}; its absence is a broken payload. */
  public static String require(Map<String, String> fields, String key) {
    var value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("the job's payload has no " + key + ": " + fields);
    }
    return value;
  }
}
