package io.imprint.core.domain.tag;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user tag's name, as IBM's tagging documentation states the rule: at most 128 characters of
 * letters, digits, spaces, underscores, hyphens, periods and colons ({@code env:prod} is a
 * key:value tag, {@code web} a label). IBM treats tags case-insensitively and shows them in lower
 * case, so the name is kept in lower case: {@code Env:Prod} and {@code env:prod} are one tag.
 * Leading and trailing spaces are dropped, as IBM's console and CLI do.
 */
public record TagName(String value) implements Comparable<TagName> {
  public static final int MAX_LENGTH = 128;

  /** IBM's limits: at most 100 tags in one attach or detach, 1000 user tags on a resource. */
  public static final int MAX_PER_REQUEST = 100;

  public static final int MAX_PER_RESOURCE = 1000;

  private static final Pattern ALLOWED = Pattern.compile("^[a-z0-9 _.:\\-]+$");

  public TagName {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a tag name: " + value);
    }
  }

  /** {@code raw} as a tag name, or {@code validation_invalid_name} naming {@code field}. */
  public static TagName of(String field, String raw) {
    var value = normalize(raw);
    if (value == null
        || value.isEmpty()
        || value.length() > MAX_LENGTH
        || !ALLOWED.matcher(value).matches()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          field,
          raw,
          "The tag '"
              + raw
              + "' is invalid: a tag is 1-128 letters, digits, spaces, underscores, hyphens,"
              + " periods or colons.");
    }
    return new TagName(value);
  }

  /**
   * The distinct names of {@code raw} (at most {@link #MAX_PER_REQUEST}), in the order given; a
   * null list is none.
   */
  public static List<TagName> all(String field, List<String> raw) {
    if (raw == null) {
      return List.of();
    }
    if (raw.size() > MAX_PER_REQUEST) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_MAX_VALUE,
          field,
          raw.size(),
          "At most " + MAX_PER_REQUEST + " tags in one request.");
    }
    var names = new LinkedHashSet<TagName>();
    for (var tag : raw) {
      names.add(of(field, tag));
    }
    return List.copyOf(names);
  }

  /**
   * A tag filter's value in the stored form (lower case, trimmed); null stays null ("not
   * filtered"). A value no tag can have simply matches nothing.
   */
  public static String forFilter(String raw) {
    return normalize(raw);
  }

  private static String normalize(String raw) {
    return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public int compareTo(TagName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
