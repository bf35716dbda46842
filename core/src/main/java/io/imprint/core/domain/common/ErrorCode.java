package io.imprint.core.domain.common;

/**
 * The one table of IBM error codes Imprint returns, each with its HTTP status.
 *
 * <p>Services raise {@link ApiException} with one of these; the server renders it, and nothing else
 * decides a status. Codes come from IBM's published VPC error list where it has one; where IBM is
 * silent the code is ours and the README says so. Two entries may share a code string when IBM uses
 * it with two statuses (a missing path resource is 404, a body reference to nothing is 400).
 */
public enum ErrorCode {
  MISSING_VERSION("missing_version", 400),
  INVALID_VERSION("invalid_version", 400),
  INVALID_VERSION_RANGE("invalid_version_range", 400),
  INVALID_GENERATION("invalid_generation", 400),
  BAD_REQUEST("bad_request", 400),
  VALIDATION_REQUIRED_FIELD("validation_required_field", 400),
  VALIDATION_INVALID_FIELD_TYPE("validation_invalid_field_type", 400),
  VALIDATION_ENUM("validation_enum", 400),
  VALIDATION_INVALID_NAME("validation_invalid_name", 400),
  VALIDATION_MAX_VALUE("validation_max_value", 400),
  VALIDATION_MIN_VALUE("validation_min_value", 400),
  VALIDATION_NOT_NULL("validation_not_null", 400),
  VALIDATION_ONLY_ONE("validation_only_one", 400),
  VALIDATION_UNIQUE_FAILED("validation_unique_failed", 400),
  INVALID_VALUE("invalid_value", 400),
  INVALID_ID_FORMAT("invalid_id_format", 400),
  REFERENCE_NOT_FOUND("not_found", 400),
  API_KEY_NOT_FOUND("BXNIM0415E", 400),
  REFRESH_TOKEN_INVALID("BXNIM0407E", 400),
  IMAGE_NOT_USABLE("image_not_usable", 400),
  CONTENT_TOO_LARGE("content_too_large", 400),
  MISSING_CONTENT_LENGTH("missing_content_length", 400),
  INVALID_CONTENT("invalid_content", 400),
  SOURCE_VOLUME_NOT_BOOT("source_volume_not_boot", 400),
  SOURCE_VOLUME_NO_OPERATING_SYSTEM("source_volume_no_operating_system", 400),
  SOURCE_VOLUME_NOT_ATTACHED("source_volume_not_attached", 400),
  SOURCE_VOLUME_CAPACITY_UNSUPPORTED("source_volume_capacity_unsupported", 400),
  TOKEN_MISSING("token_missing", 401),
  TOKEN_INVALID("token_invalid", 401),
  NOT_AUTHORIZED("not_authorized", 403),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  INVALID_STATE("invalid_state", 409),
  VOLUME_ATTACHED("volume_attached", 409),
  VOLUME_BUSY("volume_busy", 409),
  INSTANCE_NOT_STOPPED("instance_not_stopped", 409),
  INSTANCE_IMAGE_CREATION("instance_stopped_for_image_creation", 409),
  RESOURCE_GROUP_NOT_EMPTY("resource_group_not_empty", 409),
  DEFAULT_RESOURCE_GROUP("default_resource_group_protected", 409),
  ENTITY_LOCKED("entity_locked", 409),
  ACCESS_GROUP_NOT_EMPTY("access_group_not_empty", 409),
  CONFLICT("conflict", 409),
  // Key Protect's reason codes, on its paths (/api/v2/keys); docs/keys.md
  KEY_ACTION_INVALID_STATE("KEY_ACTION_INVALID_STATE_ERR", 409),
  PROTECTED_RESOURCE("PROTECTED_RESOURCE_ERR", 409),
  UNPROCESSABLE_CIPHERTEXT("UNPROCESSABLE_CIPHERTEXT_ERR", 422),
  PRECONDITION_FAILED("precondition_failed", 412),
  RANGE_NOT_SATISFIABLE("range_not_satisfiable", 416),
  HTTP_REQUEST_SIZE_EXCEEDED("http_request_size_exceeded", 413),
  TOO_MANY_REQUESTS("too_many_requests", 429),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  URI_TOO_LONG("uri_too_long", 414),
  UPGRADE_REQUIRED("upgrade_required", 426),
  REQUEST_HEADER_FIELDS_TOO_LARGE("request_header_fields_too_large", 431),
  NOT_IMPLEMENTED("not_implemented", 501),
  HTTP_VERSION_NOT_SUPPORTED("http_version_not_supported", 505),
  IMAGE_DATA_CORRUPTED("image_data_corrupted", 500),
  VOLUME_DATA_CORRUPTED("volume_data_corrupted", 500),
  INTERNAL_ERROR("internal_error", 500),
  SERVICE_UNAVAILABLE("service_unavailable", 503),
  INSUFFICIENT_STORAGE("insufficient_storage", 507);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
