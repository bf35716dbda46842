package io.imprint.server.wire;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code version} date of a {@code /v1} request, which IBM requires on every call and which
 * gates the shape of some fields. Valid dates run from 2019-01-01 to today (by the server's clock).
 */
public record ApiVersion(LocalDate date) {
  public static final LocalDate FIRST = LocalDate.of(2019, 1, 1);

  /** From this version on, images show {@code remote.account} instead of {@code owner_type}. */
  public static final LocalDate REMOTE_ACCOUNT = LocalDate.of(2025, 6, 30);

  private static final Pattern SHAPE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

  public static ApiVersion parse(String value, LocalDate today) {
    if (value == null || value.isEmpty()) {
      throw new ApiException(
          ErrorCode.MISSING_VERSION,
          "The version query parameter is required, as a date in YYYY-MM-DD form (for example version=2026-03-24).",
          Target.parameter("version", value));
    }
    LocalDate date;
    try {
      if (!SHAPE.matcher(value).matches()) {
        throw new DateTimeParseException("shape", value, 0);
      }
      date = LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ApiException(
          ErrorCode.INVALID_VERSION,
          "The version '" + value + "' is not a date in YYYY-MM-DD form.",
          Target.parameter("version", value));
    }
    if (date.isBefore(FIRST) || date.isAfter(today)) {
      throw new ApiException(
          ErrorCode.INVALID_VERSION_RANGE,
          "The version "
              + value
              + " is out of range: use a date from "
              + FIRST
              + " to today ("
              + today
              + ").",
          Target.parameter("version", value));
    }
    return new ApiVersion(date);
  }

  /** IBM's {@code generation}: absent or 2; Imprint serves only the second generation of VPC. */
  public static void checkGeneration(String value) {
    if (value != null && !value.equals("2")) {
      throw new ApiException(
          ErrorCode.INVALID_GENERATION,
          "The generation '" + value + "' is not supported: use generation=2 or leave it out.",
          Target.parameter("generation", value));
    }
  }

  public boolean showsRemoteAccount() {
    return !date.isBefore(REMOTE_ACCOUNT);
  }
}
