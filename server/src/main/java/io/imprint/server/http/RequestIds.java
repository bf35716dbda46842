package io.imprint.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code X-Request-Id}: the client's value is echoed (the SDKs send a UUID per call) and becomes
 * the error body's {@code trace}; a missing or unprintable one is replaced by a fresh UUID.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "imprint.request-id";
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");

  private RequestIds() {}

  public static void assign(Context ctx) {
    var id = orNew(ctx.header(HEADER));
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    var correlation = ctx.header("X-Correlation-ID");
    if (correlation != null && SAFE.matcher(correlation).matches()) {
      ctx.header("X-Correlation-ID", correlation);
    }
  }

  /** {@code given} when it is a printable id, else a fresh UUID. */
  static String orNew(String given) {
    return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      assign(ctx);
      id = ctx.attribute(ATTRIBUTE);
    }
    return id;
  }
}
