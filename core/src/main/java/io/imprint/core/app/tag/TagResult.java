package io.imprint.core.app.tag;

/**
 * What became of one resource of an attach or detach: Global Tagging answers each resource on its
 * own, so one unknown CRN does not fail the others. {@code message} is null when it succeeded.
 */
public record TagResult(String resourceId, String message) {
  public boolean isError() {
    return message != null;
  }
}
