package io.imprint.core.domain.instance;

import static io.imprint.core.domain.instance.InstanceLifecycle.Action.*;
import static io.imprint.core.domain.instance.InstanceStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.instance.InstanceLifecycle.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per row of the instance power table. */
class InstanceLifecycleTest {
  @ParameterizedTest(name = "{1} on {0} goes to {2}")
  @CsvSource({
    "STOPPED, START, STARTING",
    "FAILED, START, STARTING",
    "RUNNING, STOP, STOPPING",
    "RUNNING, REBOOT, RESTARTING",
    "STARTING, STOP, STOPPING",
    "PENDING, STOP, STOPPING",
    "RESTARTING, STOP, STOPPING"
  })
  void a_possible_action_moves_to_its_status(
      InstanceStatus from, Action action, InstanceStatus to) {
    assertThat(InstanceLifecycle.afterAction(from, action, false)).isEqualTo(to);
  }

  @ParameterizedTest(name = "{1} on {0} is refused")
  @CsvSource({
    "STOPPED, STOP",
    "STOPPED, REBOOT",
    "RUNNING, START",
    "PENDING, START",
    "PENDING, REBOOT",
    "STOPPING, START",
    "DELETING, START",
    "STARTING, REBOOT"
  })
  void an_impossible_action_is_invalid_state(InstanceStatus from, Action action) {
    assertThatThrownBy(() -> InstanceLifecycle.afterAction(from, action, false))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
        .hasMessageContaining(action.wire());
  }

  @Test
  void a_forced_stop_skips_stopping() {
    assertThat(InstanceLifecycle.afterAction(RUNNING, STOP, true)).isEqualTo(STOPPED);
    assertThat(InstanceLifecycle.afterAction(STOPPED, START, true)).isEqualTo(STARTING);
  }

  @ParameterizedTest(name = "{0} settles to {1}")
  @CsvSource({"PENDING, STARTING", "STARTING, RUNNING", "STOPPING, STOPPED", "RESTARTING, RUNNING"})
  void transitional_statuses_settle(InstanceStatus from, InstanceStatus to) {
    assertThat(InstanceLifecycle.settle(from)).contains(to);
    assertThat(from.isTransitional()).isTrue();
  }

  @Test
  void settled_statuses_stay() {
    for (var status : new InstanceStatus[] {RUNNING, STOPPED, FAILED, DELETING}) {
      assertThat(InstanceLifecycle.settle(status)).isEmpty();
      assertThat(status.isTransitional()).isFalse();
    }
  }
}
