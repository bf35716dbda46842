package io.imprint.core.app.iam;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;

/** The request rules IAM's management services share: names, descriptions, versions, locks. */
final class IamChecks {
  /** IBM's service ID, API key and access group names: 1 to 100 characters. */
  static final int MAX_NAME = 100;

  static final int MAX_DESCRIPTION = 250;

  private IamChecks() {}

  /** {@code name} is required, 1-100 characters, not blank, no control characters. */
  static void requireName(String field, String name) {
    if (name == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD, field + " is required.", Target.field(field));
    }
    if (!valid(name, MAX_NAME) || name.isBlank()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          field,
          name,
          "A name is 1-" + MAX_NAME + " characters, not only spaces, without control characters.");
    }
  }

  /** A new name when given (null keeps the old one). */
  static void optionalName(String field, String name) {
    if (name != null) {
      requireName(field, name);
    }
  }

  /** {@code description}, when given, is at most 250 characters without control characters. */
  static void optionalDescription(String description) {
    if (description != null && !valid(description, MAX_DESCRIPTION)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "description",
          description,
          "A description is at most "
              + MAX_DESCRIPTION
              + " characters, without control characters.");
    }
  }

  /** The caller's {@code If-Match} version (null: any) names the current one. */
  static void requireVersion(Long expected, long current) {
    if (expected != null && expected != current) {
      throw new ApiException(
          ErrorCode.PRECONDITION_FAILED,
          "If-Match does not match the current entity_tag; read it again and retry.",
          Target.header("If-Match", String.valueOf(expected)));
    }
  }

  /** A locked entity is changed or deleted only once unlocked (IBM's rule). */
  static void requireUnlocked(boolean locked, String what, String id) {
    if (locked) {
      throw ApiException.conflict(
          ErrorCode.ENTITY_LOCKED,
          "The " + what + " " + id + " is locked; unlock it before changing or deleting it.");
    }
  }

  static ApiException changedMeanwhile(String what) {
    return ApiException.conflict(
        ErrorCode.CONFLICT, "The " + what + " changed while it was being written; retry.");
  }

  private static boolean valid(String text, int max) {
    return text.length() <= max && text.chars().noneMatch(Character::isISOControl);
  }
}
