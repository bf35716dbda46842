package io.imprint.core.app.job;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobLifecycle;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one durable job engine. One-time jobs (an import, a capture, an instance's next power step)
 * and recurring tasks (the image lifecycle) are rows of one table, each due at a time on the
 * deployment's clock; workers claim due rows with a compare-and-set, and a heartbeat renews a
 * claim's lease (real time) while it runs. A reaper queues again the jobs whose lease expired
 * (their worker died with its process), and gives up on a one-time job after {@value #MAX_ATTEMPTS}
 * attempts. Enqueueing wakes an idle worker at once ({@link #signal}); an idle worker otherwise
 * sleeps until the next due time, or {@code poll} at most for work queued by other nodes.
 * docs/jobs.md tells the design.
 */
public final class JobRunner implements AutoCloseable {
  public static final int MAX_ATTEMPTS = 3;

  /** How long a running job may show no progress before the watchdog ends it, by default. */
  public static final Duration DEFAULT_STALL_LIMIT = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final Store store;
  private final Deployment deployment;
  private final Clocks clocks;
  private final Map<String, JobHandler<?>> handlers = new ConcurrentHashMap<>();
  private final Map<String, RecurringTask> tasks = new ConcurrentHashMap<>();
  private final int workerCount;
  private final Leases leases;
  private final JobExecution execution;
  private final Workers workers;
  private final Duration stallLimit;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("imprint-job-timer").factory());
  private volatile List<String> kinds = List.of();

  /**
   * @param deployment its clock decides when work is due
   * @param leaseClock real time for leases and heartbeats: a virtual clock moved ahead must not
   *     make every running job look abandoned
   */
  public JobRunner(
      Store store,
      Deployment deployment,
      InstantSource leaseClock,
      int workerCount,
      Duration lease,
      Duration poll) {
    this(store, deployment, leaseClock, workerCount, lease, poll, DEFAULT_STALL_LIMIT);
  }

  /**
   * @param stallLimit how long (real time) a running job may report no progress before the watchdog
   *     fails it and gives its worker's place to a new thread
   */
  public JobRunner(
      Store store,
      Deployment deployment,
      InstantSource leaseClock,
      int workerCount,
      Duration lease,
      Duration poll,
      Duration stallLimit) {
    this.stallLimit = stallLimit;
    this.store = store;
    this.deployment = deployment;
    this.clocks = new Clocks(deployment, leaseClock);
    this.workerCount = workerCount;
    this.leases = new Leases(store, clocks, "worker-" + deployment.ids().uuid(), lease);
    var stopping = new AtomicBoolean();
    this.execution = new JobExecution(store, clocks, leases, handlers, tasks, stopping::get);
    this.workers = new Workers(store, clocks, leases, execution, () -> kinds, poll, stopping);
  }

  /** Adds the handler of one job kind; all handlers are registered before {@link #start}. */
  public JobRunner register(JobHandler<?> handler) {
    add(handler.kind().name());
    handlers.put(handler.kind().name(), handler);
    return this;
  }

  /**
   * Adds a recurring task: one durable row named {@code name}, run on one node at each due moment,
   * then due again at {@code schedule}'s next time. It runs at once when registered (whatever fell
   * due while no node ran it); {@link #wake} makes it due earlier.
   */
  public JobRunner recurring(String name, Schedule schedule, Runnable task) {
    add(name);
    tasks.put(name, new RecurringTask(name, schedule, task));
    var now = clocks.due();
    var row = new Job.Work(name, RecurringTask.RESOURCE, null);
    store.write(
        tx -> {
          if (!tx.jobs().insert(Job.queued(deployment.ids().uuid(), row, now, clocks.lease()))) {
            // it exists: due now unless it already is, or a run is under way and this wake-up
            // makes the next run come at once
            tx.jobs().wake(name, RecurringTask.RESOURCE, now);
            var job = tx.jobs().findByResource(name, RecurringTask.RESOURCE).orElseThrow();
            if (job.state().isFinal()) {
              log.error("recurring task {} is {} and will not run again", name, job.state().wire());
            }
          }
          return null;
        });
    signal();
    return this;
  }

  private synchronized void add(String kind) {
    if (handlers.containsKey(kind) || tasks.containsKey(kind)) {
      throw new IllegalArgumentException(kind + " is registered already");
    }
    if (workers.started()) {
      throw new IllegalStateException("register " + kind + " before the engine starts");
    }
    var all = new ArrayList<>(kinds);
    all.add(kind);
    kinds = List.copyOf(all);
  }

  public synchronized JobRunner start() {
    workers.start(workerCount);
    long lease = leases.lease().toMillis();
    long beat = Math.max(50, lease / 3);
    timers.scheduleWithFixedDelay(leases::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::watch, beat, beat, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::reap, 0, Math.max(100, lease / 2), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Queues a job, due now, inside the caller's transaction; call {@link #signal} after it commits.
   */
  public <P> Job enqueue(Tx tx, JobKind<P> kind, String resourceId, P payload) {
    return enqueueAt(tx, kind, resourceId, payload, clocks.due());
  }

  /**
   * Queues a job due at {@code runAt} on the deployment's clock, inside the caller's transaction;
   * call {@link #signal} after it commits, so that idle workers wait for the new time. Idempotent:
   * the job of {@code (kind, resourceId)} that exists already is returned instead.
   */
  public <P> Job enqueueAt(Tx tx, JobKind<P> kind, String resourceId, P payload, Instant runAt) {
    if (handlers.get(kind.name()) == null) {
      throw new IllegalArgumentException("no handler for job kind " + kind.name());
    }
    var work = new Job.Work(kind.name(), resourceId, kind.codec().encode(payload));
    var job = Job.queued(deployment.ids().uuid(), work, runAt, clocks.lease());
    if (!tx.jobs().insert(job)) {
      return tx.jobs().findByResource(kind.name(), resourceId).orElseThrow();
    }
    return job;
  }

  /**
   * Cancels a queued or running job inside the caller's transaction (a worker running it stops at
   * its next report); false when the job changed meanwhile.
   */
  public boolean cancel(Tx tx, Job job, String reason) {
    return tx.jobs()
        .transition(job.id(), job.state(), JobLifecycle.Event.CANCELLED, reason, clocks.lease());
  }

  /**
   * Makes recurring task {@code name} due now, or run again right after a run under way. Called
   * after a change was committed, so it never throws: a wake-up that fails is logged, and the
   * task's schedule runs it anyway.
   */
  public void wake(String name) {
    if (!tasks.containsKey(name)) {
      throw new IllegalArgumentException("no recurring task " + name);
    }
    wakeTasks(List.of(name));
    signal();
  }

  /**
   * The deployment's clock moved (a virtual clock set forward): work may have come due, and every
   * recurring task reckoned its next time from the old time, so each runs again at once.
   */
  public void clockMoved() {
    wakeTasks(List.copyOf(tasks.keySet()));
    workers.wake(workerCount);
  }

  private void wakeTasks(List<String> names) {
    var now = clocks.due();
    try {
      // a refused wake-up means the task is due already, or one is kept for its next run
      store.write(
          tx -> {
            names.forEach(name -> tx.jobs().wake(name, RecurringTask.RESOURCE, now));
            return null;
          });
    } catch (RuntimeException e) {
      log.warn("cannot wake {}; it runs at its scheduled time", names, e);
    }
  }

  /** Wakes an idle worker: a job was queued. */
  public void signal() {
    workers.wake(1);
  }

  /**
   * Stops claiming jobs, recurring tasks included (running ones finish); for maintenance, and for
   * tests that need a job to stay queued.
   */
  public void pause() {
    workers.pause(true);
  }

  public void resume() {
    workers.pause(false);
  }

  /**
   * Runs on the calling thread every job and recurring task that is due on the deployment's clock,
   * including those that come due meanwhile (an instance's next step, when steps take no time), and
   * waits for the runs this engine's workers have under way; work due later stays queued. Tests
   * move the clock and call this instead of sleeping (db-scheduler's manual scheduler does the
   * same); a paused engine runs nothing but still waits. Returns how many ran on this thread.
   */
  public int runDueNow() {
    return workers.runDueNow();
  }

  @Override
  public void close() {
    workers.stop();
    timers.shutdownNow();
  }

  /**
   * The watchdog: a run that showed no progress for longer than the stall limit is ended (a
   * one-time job fails with a reason) and its worker replaced, so that no job can hang the engine.
   * Also run by tests, with the lease clock moved, instead of waiting.
   */
  public void watch() {
    try {
      for (var run : leases.stalled(stallLimit)) {
        execution.stalled(run, stallLimit);
        workers.retire(run.thread());
      }
    } catch (RuntimeException e) {
      if (!workers.stopping()) {
        log.warn("job watchdog failed; it runs again", e);
      }
    }
  }

  /** Jobs whose worker died go back to the queue, or fail for good after too many attempts. */
  private void reap() {
    try {
      for (var job : store.read(tx -> tx.jobs().expired(clocks.lease(), 100))) {
        if (execution.abandoned(job, MAX_ATTEMPTS)) {
          signal();
        }
      }
    } catch (RuntimeException e) {
      if (!workers.stopping()) {
        log.warn("job reaper failed; it runs again", e);
      }
    }
  }
}
