package io.imprint.core.app.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.job.Job;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An instance's power step as its job stores it. */
class SettlePayloadTest {
  static final Instant SINCE = Instant.parse("2026-06-01T10:15:30.123Z");

  @Test
  void a_power_step_reads_back_as_it_was_written() {
    var step = new SettlePayload("0717_9a8b", InstanceStatus.STOPPING, SINCE);
    var job =
        Job.queued(
            "job-1",
            new Job.Work(
                InstanceSettleJob.KIND.name(), step.key(), SettlePayload.CODEC.encode(step)),
            SINCE,
            SINCE);
    assertThat(job.payload()).isEqualTo("instance=0717_9a8b&from=stopping&since=1780308930123");
    assertThat(InstanceSettleJob.KIND.payloadOf(job)).isEqualTo(step);
  }

  @Test
  void each_status_an_instance_enters_has_a_step_of_its_own() {
    var starting = new SettlePayload("0717_9a8b", InstanceStatus.STARTING, SINCE);
    var stopping = new SettlePayload("0717_9a8b", InstanceStatus.STOPPING, SINCE);
    var later = new SettlePayload("0717_9a8b", InstanceStatus.STARTING, SINCE.plusMillis(1));
    assertThat(starting.key()).isNotEqualTo(stopping.key()).isNotEqualTo(later.key());
    assertThat(starting.key())
        .isEqualTo(new SettlePayload("0717_9a8b", InstanceStatus.STARTING, SINCE).key());
  }

  @Test
  void a_payload_that_is_not_a_power_step_is_refused() {
    assertThatThrownBy(() -> SettlePayload.CODEC.decode("0717_9a8b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
