package io.imprint.core.app.instance;

import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.domain.job.Job;
import io.imprint.core.port.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance's power steps, one job each, due {@code settleStep} after the status it settles
 * was entered. The step, the next step it schedules and the job's end commit together, so a restart
 * resumes exactly where the instance was; a step that succeeded leaves no row (an instance takes
 * many).
 */
public final class InstanceSettleJob implements JobHandler<SettlePayload> {
  public static final JobKind<SettlePayload> KIND =
      new JobKind<>("instance.settle", SettlePayload.CODEC, false);
  private static final Logger log = LoggerFactory.getLogger(InstanceSettleJob.class);

  private final Store store;
  private final InstancePowerService instances;

  InstanceSettleJob(Store store, InstancePowerService instances) {
    this.store = store;
    this.instances = instances;
  }

  @Override
  public JobKind<SettlePayload> kind() {
    return KIND;
  }

  @Override
  public void run(Job job, SettlePayload step, Progress progress) {
    store.write(
        tx -> {
          instances.settle(tx, step);
          progress.succeedIn(tx);
          return null;
        });
  }

  @Override
  public void failed(Job job, SettlePayload step, String reason) {
    log.warn(
        "instance {} did not settle from {}: {}; it stays there until a power action moves it",
        step == null ? job.resourceId() : step.instanceId(),
        step == null ? "?" : step.from().wire(),
        reason);
  }
}
