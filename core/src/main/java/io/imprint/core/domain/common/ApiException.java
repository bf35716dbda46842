package io.imprint.core.domain.common;

/**
 * A refusal the caller can act on, carrying an IBM error code and, where one field is at fault, its
 * target.
 */
public class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final Target target;

  public ApiException(ErrorCode code, String message, Target target) {
    super(message);
    this.code = code;
    this.target = target;
  }

  public ApiException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ErrorCode code() {
    return code;
  }

  public Target target() {
    return target;
  }

  public static ApiException notFound(String what, String id) {
    return new ApiException(
        ErrorCode.NOT_FOUND,
        what
            + " not found: "
            + id
            + ". Please check whether the resource you are requesting exists.",
        null);
  }

  /** A reference inside a request body that points at nothing: IBM answers 400, not 404. */
  public static ApiException referenceNotFound(String what, String field, String value) {
    return new ApiException(
        ErrorCode.REFERENCE_NOT_FOUND,
        what
            + " not found: "
            + value
            + ". Please check whether the resource you are referring to exists.",
        Target.field(field, value));
  }

  public static ApiException invalid(ErrorCode code, String field, Object value, String message) {
    return new ApiException(code, message, Target.field(field, value));
  }

  public static ApiException conflict(ErrorCode code, String message) {
    return new ApiException(code, message, null);
  }
}
