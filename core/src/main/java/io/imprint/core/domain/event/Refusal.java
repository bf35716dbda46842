package io.imprint.core.domain.event;

/**
 * A request to change something that was refused: the action it asked for (the route's IAM action),
 * the kind of resource and its id when the path names one, the HTTP status and IBM error code it
 * was answered with, and the error message.
 */
public record Refusal(
    String action, ResourceKind kind, String id, int status, String code, String message) {}
