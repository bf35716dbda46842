package io.imprint.core.app.instance;

import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One power step of an instance: it settles the status the instance entered at {@code since}, and
 * nothing else. A user action that changed the status meanwhile scheduled a step of its own, so a
 * step that finds the instance elsewhere does nothing.
 */
public record SettlePayload(String instanceId, InstanceStatus from, Instant since) {
  static final JobKind.Codec<SettlePayload> CODEC =
      new JobKind.Codec<>() {
        @Override
        public String encode(SettlePayload step) {
          return PayloadText.write(
              "instance",
              step.instanceId(),
              "from",
              step.from().wire(),
              "since",
              Long.toString(step.since().toEpochMilli()));
        }

        @Override
        public SettlePayload decode(String text) {
          var fields =
              PayloadText.read(text)
                  .orElseThrow(() -> new IllegalArgumentException("not a power step: " + text));
          return new SettlePayload(
              PayloadText.require(fields, "instance"),
              InstanceStatus.valueOf(PayloadText.require(fields, "from").toUpperCase()),
              Instant.ofEpochMilli(Long.parseLong(PayloadText.require(fields, "since"))));
        }
      };

  /** The step that settles the status {@code instance} is in now. */
  static SettlePayload of(Instance instance) {
    return new SettlePayload(instance.id(), instance.status(), instance.statusChangedAt());
  }

  /**
   * The job's resource id: one step per status an instance enters, so scheduling it again (at a
   * restart) finds the same job.
   */
  String key() {
    return instanceId + ":" + from.wire() + "@" + since.toEpochMilli();
  }

  /** Whether {@code instance} is still in the status this step settles. */
  boolean isFor(Instance instance) {
    return instance.status() == from && Objects.equals(instance.statusChangedAt(), since);
  }
}
