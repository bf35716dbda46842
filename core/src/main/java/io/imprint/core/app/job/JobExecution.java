package io.imprint.core.app.job;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobLifecycle.Event;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job to its end: a handler's (succeeded, failed, or lost to a cancel or a
 * takeover) or a recurring task's run (then rescheduled); and decides about jobs whose worker died.
 * Every compare-and-set that ends a job is checked: a refused one means the job is no longer this
 * worker's, and whoever holds it now decides its end.
 */
final class JobExecution {
  private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

  /** How soon a recurring task whose schedule cannot be read (the store is down) is tried again. */
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Store store;
  private final Clocks clocks;
  private final Leases leases;
  private final Map<String, JobHandler<?>> handlers;
  private final Map<String, RecurringTask> tasks;
  private final BooleanSupplier stopping;

  JobExecution(
      Store store,
      Clocks clocks,
      Leases leases,
      Map<String, JobHandler<?>> handlers,
      Map<String, RecurringTask> tasks,
      BooleanSupplier stopping) {
    this.store = store;
    this.clocks = clocks;
    this.leases = leases;
    this.handlers = handlers;
    this.tasks = tasks;
    this.stopping = stopping;
  }

  void run(Job job) {
    leases.hold(job);
    try {
      var task = tasks.get(job.kind());
      if (task != null) {
        runTask(task, job);
      } else {
        runHandler(handlers.get(job.kind()), job);
      }
    } finally {
      leases.release(job.id());
    }
  }

  private <P> void runHandler(JobHandler<P> handler, Job job) {
    var progress = new WorkerProgress(job, handler.kind());
    P payload = null;
    try {
      payload = handler.kind().codec().decode(job.payload());
      handler.run(job, payload, progress);
      if (!progress.succeeded && !store.write(tx -> succeed(tx, job, handler.kind()))) {
        log.info(
            "job {} {} ended, but it had been cancelled or taken over meanwhile",
            job.kind(),
            job.resourceId());
        return;
      }
      log.debug("job {} {} succeeded", job.kind(), job.resourceId());
    } catch (JobHandler.JobLostException e) {
      log.info("job {} {} stopped: {}", job.kind(), job.resourceId(), e.getMessage());
    } catch (Exception e) {
      if (stopping.getAsBoolean()
          && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
        // shutting down: leave the job running; its lease expires and another start picks it up
        return;
      }
      var reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn("job {} {} failed: {}", job.kind(), job.resourceId(), reason, e);
      var now = clocks.lease();
      if (store.write(
          tx -> tx.jobs().finish(job.id(), leases.owner(), Event.FAILED, reason, now))) {
        handler.failed(job, payload, reason, e);
      } else {
        log.info("job {} {} was cancelled or taken over first", job.kind(), job.resourceId());
      }
    }
  }

  /** Ends a job succeeded: kept for what it tells, or removed when its kind keeps none. */
  private boolean succeed(Tx tx, Job job, JobKind<?> kind) {
    return kind.keepWhenDone()
        ? tx.jobs().finish(job.id(), leases.owner(), Event.SUCCEEDED, null, clocks.lease())
        : tx.jobs().forget(job.id(), leases.owner());
  }

  private void runTask(RecurringTask task, Job job) {
    try {
      task.task().run();
    } catch (RuntimeException e) {
      if (!stopping.getAsBoolean()) {
        log.warn("recurring task {} failed; it runs again at its next time", task.name(), e);
      }
    }
    // a stop interrupts the run; the row must still be let go, so the write runs uninterrupted
    boolean interrupted = Thread.interrupted();
    try {
      var now = clocks.due();
      var next = now.plus(RETRY);
      try {
        next = task.schedule().next(now);
      } catch (RuntimeException e) {
        log.warn(
            "recurring task {} cannot tell its next time; it tries in {}", task.name(), RETRY, e);
      }
      // never due again at once: a task due at its own end would run in a loop
      var runAt = next.isAfter(now) ? next : now.plusMillis(1);
      if (!store.write(
          tx -> tx.jobs().reschedule(job.id(), leases.owner(), runAt, clocks.lease()))) {
        log.warn(
            "recurring task {} was taken over while it ran (its lease ran out); the other run counts",
            task.name());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A job whose worker died (its lease ran out): queued again, or failed for good after {@code
   * maxAttempts} claims. A recurring task is always queued again: it has no end.
   *
   * @return whether it was queued again
   */
  boolean abandoned(Job job, int maxAttempts) {
    var now = clocks.lease();
    if (!tasks.containsKey(job.kind()) && job.lease().attempts() >= maxAttempts) {
      var reason =
          "gave up after "
              + job.lease().attempts()
              + " attempts whose workers stopped without finishing";
      if (store.write(
          tx -> tx.jobs().transition(job.id(), JobState.RUNNING, Event.FAILED, reason, now))) {
        var handler = handlers.get(job.kind());
        if (handler != null) {
          failed(handler, job, reason);
        }
      }
      return false;
    }
    if (!store.write(tx -> tx.jobs().requeue(job, clocks.due(), now))) {
      // renewed at the last moment, or another node's reaper was first
      return false;
    }
    log.info(
        "job {} {} lost its worker; queued again (attempt {} done)",
        job.kind(),
        job.resourceId(),
        job.lease().attempts());
    return true;
  }

  /**
   * The watchdog's end of a run that made no progress for {@code limit}: a one-time job fails with
   * a reason saying so (and its handler cleans up, as for any failure); a recurring task is left to
   * its lease, which runs out without heartbeats, so that the reaper queues it again. Either way
   * the stuck thread is interrupted, in case what it waits on heeds that.
   */
  void stalled(Leases.Run run, Duration limit) {
    var job = run.job();
    if (tasks.containsKey(job.kind())) {
      log.warn(
          "recurring task {} made no progress for {}; it runs again once its lease runs out",
          job.kind(),
          limit);
    } else {
      var reason = "it made no progress for " + words(limit) + " and was stopped";
      if (store.write(
          tx -> tx.jobs().finish(job.id(), leases.owner(), Event.FAILED, reason, clocks.lease()))) {
        log.warn("job {} {} failed: {}", job.kind(), job.resourceId(), reason);
        var handler = handlers.get(job.kind());
        if (handler != null) {
          failed(handler, job, reason);
        }
      }
    }
    run.thread().interrupt();
  }

  /** {@code PT10M} as "10 minutes", for messages users read. */
  private static String words(Duration d) {
    if (d.toSeconds() % 60 == 0 && d.toMinutes() > 0) {
      return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
  }

  private static <P> void failed(JobHandler<P> handler, Job job, String reason) {
    P payload = null;
    try {
      payload = handler.kind().codec().decode(job.payload());
    } catch (RuntimeException e) {
      log.warn("job {} {} has an unreadable payload", job.kind(), job.resourceId(), e);
    }
    handler.failed(job, payload, reason);
  }

  /**
   * A running job's link to its worker: progress, the lease check, and ending inside the handler's
   * transaction.
   */
  private final class WorkerProgress implements JobHandler.Progress {
    private final Job job;
    private final JobKind<?> kind;
    private volatile boolean succeeded;

    WorkerProgress(Job job, JobKind<?> kind) {
      this.job = job;
      this.kind = kind;
    }

    @Override
    public void report(long done, long total) {
      if (!leases.report(job.id(), new Job.Progress(done, total))) {
        throw new JobHandler.JobLostException("job " + job.id() + " was cancelled or taken over");
      }
    }

    @Override
    public void succeedIn(Tx tx) {
      if (!succeed(tx, job, kind)) {
        throw new JobHandler.JobLostException("job " + job.id() + " was cancelled or taken over");
      }
      // the flag is read only after run returns, so a rolled-back transaction that set it makes run
      // throw first
      tx.afterCommit(() -> succeeded = true);
    }
  }
}
