package io.imprint.core.domain.job;

import static io.imprint.core.domain.job.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.job.JobLifecycle.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What may happen to a job, as its workers, users and the reaper meet it. */
class JobLifecycleTest {

  @Test
  void a_worker_claims_a_queued_job_and_nobody_claims_it_twice() {
    assertThat(JobLifecycle.next(QUEUED, Event.CLAIMED)).isEqualTo(RUNNING);
    assertThat(JobLifecycle.allows(RUNNING, Event.CLAIMED)).isFalse();
  }

  @Test
  void a_running_job_ends_succeeded_failed_or_cancelled() {
    assertThat(JobLifecycle.next(RUNNING, Event.SUCCEEDED)).isEqualTo(SUCCEEDED);
    assertThat(JobLifecycle.next(RUNNING, Event.FAILED)).isEqualTo(FAILED);
    assertThat(JobLifecycle.next(RUNNING, Event.CANCELLED)).isEqualTo(CANCELLED);
  }

  @Test
  void a_queued_job_is_cancelled_before_it_runs_but_cannot_end_without_running() {
    assertThat(JobLifecycle.next(QUEUED, Event.CANCELLED)).isEqualTo(CANCELLED);
    assertThat(JobLifecycle.allows(QUEUED, Event.SUCCEEDED)).isFalse();
    assertThat(JobLifecycle.allows(QUEUED, Event.FAILED)).isFalse();
  }

  @Test
  void a_running_job_whose_worker_died_is_queued_again() {
    assertThat(JobLifecycle.next(RUNNING, Event.LEASE_EXPIRED)).isEqualTo(QUEUED);
    assertThat(JobLifecycle.allows(QUEUED, Event.LEASE_EXPIRED))
        .as("only a held lease runs out")
        .isFalse();
  }

  @Test
  void a_recurring_task_waits_in_the_queue_again_after_each_run() {
    assertThat(JobLifecycle.next(RUNNING, Event.RESCHEDULED)).isEqualTo(QUEUED);
    assertThat(JobLifecycle.allows(QUEUED, Event.RESCHEDULED)).as("only a run ends").isFalse();
  }

  @Test
  void a_cancelled_job_is_not_claimed() {
    assertThat(JobLifecycle.allows(CANCELLED, Event.CLAIMED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = JobState.class,
      names = {"SUCCEEDED", "FAILED", "CANCELLED"})
  void a_finished_job_is_never_reopened(JobState finished) {
    assertThat(finished.isFinal()).isTrue();
    for (var event : Event.values()) {
      assertThat(JobLifecycle.after(finished, event)).as(event.name()).isEmpty();
      assertThatThrownBy(() -> JobLifecycle.next(finished, event))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(finished.wire());
    }
  }

  @Test
  void every_state_is_written_and_read_by_its_wire_name() {
    for (var state : JobState.values()) {
      assertThat(JobState.ofWire(state.wire())).isEqualTo(state);
    }
  }
}
