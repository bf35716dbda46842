package io.imprint.core.domain.instance;

import static io.imprint.core.domain.instance.InstanceStatus.*;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.util.Map;
import java.util.Optional;

/**
 * The instance power state machine as one table: which action is possible in which status, and
 * where each transitional status settles. Everything that changes an instance's status asks this
 * class first.
 */
public final class InstanceLifecycle {
  public enum Action {
    START,
    STOP,
    REBOOT;

    public String wire() {
      return name().toLowerCase();
    }
  }

  private static final Map<InstanceStatus, Map<Action, InstanceStatus>> ACTIONS =
      Map.of(
          STOPPED, Map.of(Action.START, STARTING),
          FAILED, Map.of(Action.START, STARTING),
          RUNNING, Map.of(Action.STOP, STOPPING, Action.REBOOT, RESTARTING),
          // IBM queues a stop behind provisioning; Imprint applies it at once, so a new instance
          // can be stopped.
          PENDING, Map.of(Action.STOP, STOPPING),
          STARTING, Map.of(Action.STOP, STOPPING),
          RESTARTING, Map.of(Action.STOP, STOPPING));

  private static final Map<InstanceStatus, InstanceStatus> SETTLES_TO =
      Map.of(PENDING, STARTING, STARTING, RUNNING, STOPPING, STOPPED, RESTARTING, RUNNING);

  private InstanceLifecycle() {}

  /**
   * The status an action moves the instance to. A forced stop skips {@code stopping}, as IBM's
   * {@code force} runs the stop at once.
   */
  public static InstanceStatus afterAction(InstanceStatus current, Action action, boolean force) {
    var next = ACTIONS.getOrDefault(current, Map.of()).get(action);
    if (next == null) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Cannot "
              + action.wire()
              + " an instance that is "
              + current.wire()
              + "."
              + switch (action) {
                case START -> " Only a stopped instance can be started.";
                case STOP -> " Only a running or starting instance can be stopped.";
                case REBOOT -> " Only a running instance can be rebooted.";
              });
    }
    return next == STOPPING && force ? STOPPED : next;
  }

  /** Where a transitional status goes next on its own; empty for a settled one. */
  public static Optional<InstanceStatus> settle(InstanceStatus current) {
    return Optional.ofNullable(SETTLES_TO.get(current));
  }
}
