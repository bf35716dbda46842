package io.imprint.server.api;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.Http;
import io.javalin.http.Context;

/**
 * What IAM's management APIs read alike: their paging ({@code pagesize}/{@code pagetoken} for IAM
 * Identity, {@code limit}/{@code offset} for Access Groups, as IBM pages each), the {@code
 * account_id} they name (this server's account, or none), and {@code If-Match}, which IBM requires
 * on every update ({@code *} matches any version).
 */
final class IamRequests {
  /** IAM Identity's default page size. */
  static final int DEFAULT_PAGESIZE = 20;

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_PAGE = 100;

  private IamRequests() {}

  static int pagesize(Context ctx) {
    return (int) number(ctx, "pagesize", DEFAULT_PAGESIZE, 1, MAX_PAGE);
  }

  /** The offset a {@code pagetoken} (from a list's {@code next}) stands for. */
  static long pagetoken(Context ctx) {
    return number(ctx, "pagetoken", 0, 0, Long.MAX_VALUE);
  }

  static int limit(Context ctx) {
    return (int) number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_PAGE);
  }

  static long offset(Context ctx) {
    return number(ctx, "offset", 0, 0, Long.MAX_VALUE);
  }

  /** {@code account_id} (from the query or a body) is absent or this server's account. */
  static void requireAccount(String given, String accountId, boolean inBody) {
    if (given != null && !given.equals(accountId)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "account_id " + given + " is not this server's account (" + accountId + ").",
          inBody ? Target.field("account_id", given) : Target.parameter("account_id", given));
    }
  }

  /** The version {@code If-Match} names, null for {@code *}; the header is required. */
  static Long ifMatch(Context ctx) {
    if (ctx.header("If-Match") == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "If-Match is required: the entity_tag (or ETag) read last, or * for any.",
          Target.header("If-Match", null));
    }
    return Http.ifMatch(ctx);
  }

  static long number(Context ctx, String name, long fallback, long min, long max) {
    var v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
          name + " must be a whole number.",
          Target.parameter(name, v));
    }
    if (n < min) {
      throw new ApiException(
          ErrorCode.VALIDATION_MIN_VALUE,
          name + " must be at least " + min + ".",
          Target.parameter(name, v));
    }
    if (n > max) {
      throw new ApiException(
          ErrorCode.VALIDATION_MAX_VALUE,
          name + " must be at most " + max + ".",
          Target.parameter(name, v));
    }
    return n;
  }
}
