package io.imprint.core.domain.common;

/** One entry of a resource's {@code status_reasons}. */
public record StatusReason(String code, String message, String moreInfo) {
  public StatusReason(String code, String message) {
    this(code, message, null);
  }
}
