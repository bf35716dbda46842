package io.imprint.server.wire;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque {@code start} tokens. A token names the collection, a digest of the query's filters and
 * the position to continue after (with the sort key of a sorted list), and is signed with
 * HMAC-SHA256 so that a tampered token, one from another collection or filter set, or one minted by
 * another Imprint installation is refused with 400 instead of silently paging wrongly.
 */
public final class PageTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private final byte[] key;

  /** Where a page continues: after the item at {@code after}, whose sort key is {@code key}. */
  public record Position(long after, String key) {}

  public PageTokens(byte[] key) {
    this.key = key.clone();
  }

  public String issue(String collection, String filterDigest, long after) {
    return issue(collection, filterDigest, after, null);
  }

  /** A token; {@code sortKey} (null in insertion order) travels base64url-encoded. */
  public String issue(String collection, String filterDigest, long after, String sortKey) {
    var payload =
        collection
            + "|"
            + filterDigest
            + "|"
            + after
            + (sortKey == null
                ? ""
                : "|" + ENCODER.encodeToString(sortKey.getBytes(StandardCharsets.UTF_8)));
    return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODER.encodeToString(sign(payload));
  }

  public Position position(String token, String collection, String filterDigest) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) {
        throw invalid(token);
      }
      var payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      var signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(payload))) {
        throw invalid(token);
      }
      var parts = payload.split("\\|", -1);
      if (parts.length < 3
          || parts.length > 4
          || !parts[0].equals(collection)
          || !parts[1].equals(filterDigest)) {
        throw new ApiException(
            ErrorCode.INVALID_ID_FORMAT,
            "The start token belongs to a different collection or filter; repeat the filters of the first request.",
            Target.parameter("start", token));
      }
      long after = Long.parseLong(parts[2]);
      if (after < 0) {
        throw invalid(token);
      }
      return new Position(
          after,
          parts.length == 4 ? new String(DECODER.decode(parts[3]), StandardCharsets.UTF_8) : null);
    } catch (IllegalArgumentException e) {
      throw invalid(token);
    }
  }

  private byte[] sign(String payload) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      var full = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(full, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException invalid(String token) {
    return new ApiException(
        ErrorCode.INVALID_ID_FORMAT,
        "The start token is not valid: use the start value from a next href this server returned.",
        Target.parameter("start", token));
  }
}
