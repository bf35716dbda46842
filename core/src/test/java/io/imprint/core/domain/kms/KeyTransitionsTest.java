package io.imprint.core.domain.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.kms.KeyTransitions.Action;
import org.junit.jupiter.api.Test;

/** The root key lifecycle, one test per row of the table and per refusal. */
class KeyTransitionsTest {
  @Test
  void disabling_an_active_key_suspends_it() {
    assertThat(KeyTransitions.next(KeyState.ACTIVE, Action.DISABLE)).isEqualTo(KeyState.SUSPENDED);
  }

  @Test
  void enabling_a_suspended_key_makes_it_active_again() {
    assertThat(KeyTransitions.next(KeyState.SUSPENDED, Action.ENABLE)).isEqualTo(KeyState.ACTIVE);
  }

  @Test
  void deleting_an_active_or_a_suspended_key_destroys_it() {
    assertThat(KeyTransitions.next(KeyState.ACTIVE, Action.DELETE)).isEqualTo(KeyState.DESTROYED);
    assertThat(KeyTransitions.next(KeyState.SUSPENDED, Action.DELETE))
        .isEqualTo(KeyState.DESTROYED);
  }

  @Test
  void disabling_a_disabled_key_or_enabling_an_active_one_is_an_invalid_state() {
    assertRefused(KeyState.SUSPENDED, Action.DISABLE);
    assertRefused(KeyState.ACTIVE, Action.ENABLE);
  }

  @Test
  void a_destroyed_key_moves_nowhere() {
    for (var action : Action.values()) {
      assertRefused(KeyState.DESTROYED, action);
    }
  }

  @Test
  void only_an_active_key_wraps_unwraps_or_rotates() {
    KeyTransitions.requireUsable(KeyState.ACTIVE, "wrap");
    for (var state : new KeyState[] {KeyState.SUSPENDED, KeyState.DESTROYED}) {
      assertThatThrownBy(() -> KeyTransitions.requireUsable(state, "unwrap"))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_ACTION_INVALID_STATE))
          .hasMessageContaining("unwrap")
          .hasMessageContaining("state " + state.code());
    }
  }

  @Test
  void states_carry_key_protects_numbers() {
    assertThat(KeyState.ACTIVE.code()).isEqualTo(1);
    assertThat(KeyState.SUSPENDED.code()).isEqualTo(2);
    assertThat(KeyState.DESTROYED.code()).isEqualTo(5);
    assertThat(KeyState.ofCode(2)).isEqualTo(KeyState.SUSPENDED);
  }

  private static void assertRefused(KeyState from, Action action) {
    assertThatThrownBy(() -> KeyTransitions.next(from, action))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_ACTION_INVALID_STATE));
  }
}
