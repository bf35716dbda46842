package io.imprint.core.domain.kms;

import static io.imprint.core.domain.kms.KeyState.*;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The root key lifecycle, state × action → state, and the states in which a key may be used. Every
 * state change of a key goes through {@link #next}; a move that is not a row is refused with Key
 * Protect's {@code KEY_ACTION_INVALID_STATE_ERR} (409), as disabling a disabled key is there.
 */
public final class KeyTransitions {
  public enum Action {
    DISABLE("disable"),
    ENABLE("enable"),
    DELETE("delete");

    private final String verb;

    Action(String verb) {
      this.verb = verb;
    }

    public String verb() {
      return verb;
    }
  }

  private static final Map<Action, Map<KeyState, KeyState>> TABLE = new EnumMap<>(Action.class);

  static {
    TABLE.put(Action.DISABLE, Map.of(ACTIVE, SUSPENDED));
    TABLE.put(Action.ENABLE, Map.of(SUSPENDED, ACTIVE));
    TABLE.put(Action.DELETE, Map.of(ACTIVE, DESTROYED, SUSPENDED, DESTROYED));
  }

  /** Wrapping, unwrapping, rewrapping and rotating need an active key. */
  private static final Set<KeyState> USABLE = Set.of(ACTIVE);

  private KeyTransitions() {}

  /** The state {@code action} leads {@code from}; refused when the table has no such row. */
  public static KeyState next(KeyState from, Action action) {
    var to = TABLE.get(action).get(from);
    if (to == null) {
      throw invalidState(action.verb(), from);
    }
    return to;
  }

  /** Refuses to use a key ({@code wrap}, {@code unwrap}, {@code rotate} …) unless it is active. */
  public static void requireUsable(KeyState state, String verb) {
    if (!USABLE.contains(state)) {
      throw invalidState(verb, state);
    }
  }

  private static ApiException invalidState(String verb, KeyState state) {
    return new ApiException(
        ErrorCode.KEY_ACTION_INVALID_STATE,
        "The key cannot be used for "
            + verb
            + " in its state "
            + state.code()
            + " ("
            + state.name().toLowerCase().replace('_', '-')
            + ").");
  }
}
