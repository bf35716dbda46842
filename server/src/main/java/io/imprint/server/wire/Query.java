package io.imprint.server.wire;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Target;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Query parameters of a request, read with IBM's validation errors ({@code target.type =
 * parameter}).
 */
public final class Query {
  /**
   * Parameters that do not select what a collection holds, so they are not part of a page token's
   * filter digest.
   */
  private static final Set<String> NOT_FILTERS = Set.of("start", "limit", "version", "generation");

  private final Context ctx;

  public Query(Context ctx) {
    this.ctx = ctx;
  }

  public String string(String name) {
    var v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public String enumValue(String name, Set<String> allowed) {
    var v = string(name);
    if (v != null && !allowed.contains(v)) {
      throw notOneOf(name, v, allowed);
    }
    return v;
  }

  /**
   * A comma-separated list whose every value must be allowed; null when the parameter is absent.
   */
  public Set<String> list(String name, Set<String> allowed) {
    var v = string(name);
    if (v == null) {
      return null;
    }
    var values =
        Arrays.stream(v.split(",", -1))
            .map(String::trim)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (var value : values) {
      if (!allowed.contains(value)) {
        throw notOneOf(name, value, allowed);
      }
    }
    return values;
  }

  /** An RFC 3339 date-time; null when absent. */
  public Instant dateTime(String name) {
    var v = string(name);
    if (v == null) {
      return null;
    }
    try {
      return Dates.parse(v);
    } catch (DateTimeParseException e) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          name + " must be an RFC 3339 date-time such as 2026-03-01T10:00:00Z.",
          Target.parameter(name, v));
    }
  }

  public int limit() {
    var v = string("limit");
    if (v == null) {
      return PageRequest.DEFAULT_LIMIT;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
          "limit must be a whole number from 1 to 100.",
          Target.parameter("limit", v));
    }
    if (n < 1) {
      throw new ApiException(
          ErrorCode.VALIDATION_MIN_VALUE,
          "limit must be at least 1.",
          Target.parameter("limit", v));
    }
    if (n > PageRequest.MAX_LIMIT) {
      throw new ApiException(
          ErrorCode.VALIDATION_MAX_VALUE,
          "limit must be at most 100.",
          Target.parameter("limit", v));
    }
    return n;
  }

  public PageRequest page(PageTokens tokens, String collection) {
    var start = string("start");
    var position =
        start == null
            ? new PageTokens.Position(0, null)
            : tokens.position(start, collection, filterDigest());
    return new PageRequest(limit(), position.after(), position.key());
  }

  /** The filters of this request, canonically ordered, for page tokens. */
  public String filterDigest() {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(filterQueryString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code name=value&…} of the filter parameters, URL-encoded, for first/next hrefs. */
  public String filterQueryString() {
    return filterParams().entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private TreeMap<String, String> filterParams() {
    var out = new TreeMap<String, String>();
    ctx.queryParamMap()
        .forEach(
            (k, v) -> {
              if (!NOT_FILTERS.contains(k) && !v.isEmpty()) {
                out.put(k, v.get(0));
              }
            });
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2C", ",");
  }

  private static ApiException notOneOf(String name, String value, Set<String> allowed) {
    return new ApiException(
        ErrorCode.VALIDATION_ENUM,
        "'"
            + value
            + "' is not a valid value for "
            + name
            + "; use "
            + String.join(", ", allowed.stream().sorted().toList())
            + ".",
        Target.parameter(name, value));
  }
}
