package io.imprint.core.app.instance;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceAction;
import io.imprint.core.domain.instance.InstanceLifecycle;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Power: the start, stop and reboot actions, and the steps that settle each transitional status as
 * one-time jobs of the engine, due one settle step after the status was entered.
 */
public final class InstancePowerService {
  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;
  private final JobRunner jobs;
  private final Duration settleStep;
  private final InstanceSettleJob settleJob;

  InstancePowerService(InstanceService.Context context, Duration settleStep) {
    this.store = context.store();
    this.deployment = context.deployment();
    this.events = context.events();
    this.jobs = context.jobs();
    this.settleStep = settleStep;
    this.settleJob = new InstanceSettleJob(store, this);
  }

  /** The job that settles power states step by step, to register with the job engine. */
  public InstanceSettleJob settleJob() {
    return settleJob;
  }

  public InstanceAction createInstanceAction(
      String id, InstanceLifecycle.Action type, boolean force) {
    var action =
        store.write(
            tx -> {
              var instance = InstanceService.require(tx, id);
              if (type == InstanceLifecycle.Action.START && instance.isStoppedForImageCreation()) {
                throw ApiException.conflict(
                    ErrorCode.INSTANCE_IMAGE_CREATION,
                    "Instance "
                        + instance.name()
                        + " stays stopped while an image is created from its boot volume; start it when the image is finished.");
              }
              var next = InstanceLifecycle.afterAction(instance.status(), type, force);
              var now = deployment.now();
              var changed = instance.withStatus(next, List.of(), now);
              if (!tx.instances().update(changed)) {
                throw InstanceService.changedMeanwhile("instance");
              }
              scheduleSettle(tx, changed);
              // IBM reports a power action as start, stop or reboot of the instance
              events.record(
                  tx,
                  Change.of(Subject.of(instance), type.wire(), 201, "user")
                      .with("status", next.wire()));
              return new InstanceAction(
                  deployment.ids().uuid(),
                  id,
                  type,
                  force && type != InstanceLifecycle.Action.START,
                  "pending",
                  now);
            });
    jobs.signal();
    return action;
  }

  /**
   * One power step, in the step's transaction: moves the instance one step towards a settled status
   * and schedules the next step if there is one. A step for a status the instance has left does
   * nothing: the user action that moved it scheduled its own step.
   */
  void settle(Tx tx, SettlePayload step) {
    var instance = tx.instances().get(step.instanceId());
    if (instance.isEmpty() || !step.isFor(instance.get())) {
      return;
    }
    var next = InstanceLifecycle.settle(instance.get().status());
    if (next.isEmpty()) {
      return;
    }
    var settled = instance.get().withStatus(next.get(), List.of(), deployment.now());
    // A lost compare-and-set means a user action changed the status meanwhile; that action
    // schedules its own step.
    if (!tx.instances().update(settled)) {
      return;
    }
    events.record(
        tx,
        Change.of(Subject.of(instance.get()), "update", 200, "power")
            .with("status", next.get().wire()));
    scheduleSettle(tx, settled);
  }

  /**
   * At start: every instance in a transitional status has its next step scheduled. Steps are
   * durable, so this finds them already there, except for instances left by versions that kept
   * steps in memory.
   */
  public int resumeTransitions() {
    int resumed =
        store.write(
            tx -> {
              var pending =
                  tx.instances()
                      .findByStatus(
                          EnumSet.of(
                              InstanceStatus.PENDING,
                              InstanceStatus.STARTING,
                              InstanceStatus.STOPPING,
                              InstanceStatus.RESTARTING));
              pending.forEach(i -> scheduleSettle(tx, i));
              return pending.size();
            });
    jobs.signal();
    return resumed;
  }

  /**
   * The step that settles {@code instance}'s status, if it is transitional, due a step from now.
   */
  void scheduleSettle(Tx tx, Instance instance) {
    if (InstanceLifecycle.settle(instance.status()).isPresent()) {
      var step = SettlePayload.of(instance);
      jobs.enqueueAt(tx, InstanceSettleJob.KIND, step.key(), step, step.since().plus(settleStep));
    }
  }
}
