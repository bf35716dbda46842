package io.imprint.core.domain.event;

/**
 * Activity Tracker's {@code message}: "{@code <service name>: <verb> <object type> <name>}", with "
 * -failure" appended when the change failed, e.g. "Virtual Private Cloud: deprecate image my-image"
 * and "Virtual Private Cloud: create vpc -failure" (a refused create has no name yet).
 */
public final class EventMessage {
  private EventMessage() {}

  public static String of(ResourceKind kind, String action, String name, Outcome outcome) {
    int last = action.lastIndexOf('.');
    int before = action.lastIndexOf('.', last - 1);
    var verb = action.substring(last + 1);
    var type = action.substring(before + 1, last);
    return kind.serviceName()
        + ": "
        + verb
        + " "
        + type
        + (name == null || name.isEmpty() ? "" : " " + name)
        + (outcome == Outcome.FAILURE ? " -failure" : "");
  }
}
