package io.imprint.core.app.job;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs durable jobs on a fixed number of worker threads. A worker claims a job with a
 * compare-and-set, and a heartbeat renews its lease while the handler runs; a reaper puts jobs
 * whose lease expired (their worker died with its process) back in the queue, and gives up on a job
 * after {@value #MAX_ATTEMPTS} attempts. Enqueueing wakes an idle worker at once ({@link #signal});
 * polling every {@code poll} is only the backstop for jobs queued by other nodes.
 */
public final class JobRunner implements AutoCloseable {
  public static final int MAX_ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final Store store;
  private final Deployment deployment;
  private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
  private final int workerCount;
  private final Duration lease;
  private final Duration poll;
  private final String owner;
  private final Semaphore wakeUp = new Semaphore(0);
  private final Map<String, long[]> running = new ConcurrentHashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("imprint-job-timer").factory());
  private volatile boolean stopping;
  private volatile boolean paused;

  private final InstantSource leaseClock;

  /**
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
    this.store = store;
    this.deployment = deployment;
    this.leaseClock = leaseClock;
    this.workerCount = workerCount;
    this.lease = lease;
    this.poll = poll;
    this.owner = "worker-" + deployment.ids().uuid();
  }

  /** Adds the handler of one job kind; all handlers are registered before {@link #start}. */
  public JobRunner register(JobHandler handler) {
    handlers.put(handler.kind(), handler);
    return this;
  }

  public JobRunner start() {
    for (int i = 0; i < workerCount; i++) {
      var thread = Thread.ofPlatform().daemon().name("imprint-job-" + i).start(this::work);
      workers.add(thread);
    }
    long beat = Math.max(50, lease.toMillis() / 3);
    timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        this::reap, 0, Math.max(100, lease.toMillis() / 2), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Queues a job inside the caller's transaction; call {@link #signal} after it commits. */
  public Job enqueue(Tx tx, String kind, String resourceId, String payload) {
    if (!handlers.containsKey(kind)) {
      throw new IllegalArgumentException("no handler for job kind " + kind);
    }
    var job = Job.queued(deployment.ids().uuid(), kind, resourceId, payload, leaseNow());
    if (!tx.jobs().insert(job)) {
      return tx.jobs().findByResource(kind, resourceId).orElseThrow();
    }
    return job;
  }

  /**
   * Stops claiming new jobs (running ones finish); for maintenance, and for tests that need a job
   * to stay queued.
   */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    wakeUp.release(workerCount);
  }

  /** Wakes an idle worker: a job was queued. */
  public void signal() {
    wakeUp.release();
  }

  @Override
  public void close() {
    stopping = true;
    wakeUp.release(workerCount);
    for (var worker : workers) {
      worker.interrupt();
    }
    for (var worker : workers) {
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    timers.shutdownNow();
  }

  private void work() {
    var kinds = List.copyOf(handlers.keySet());
    while (!stopping) {
      try {
        if (paused) {
          wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        var now = leaseNow();
        var job = store.write(tx -> tx.jobs().claim(kinds, owner, now, now.plus(lease)));
        if (job.isEmpty()) {
          wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        run(job.get());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          log.error("job worker failed; it goes on", e);
        }
      }
    }
  }

  private void run(Job job) {
    var handler = handlers.get(job.kind());
    running.put(job.id(), new long[] {job.bytesDone(), job.bytesTotal()});
    var progress = new WorkerProgress(job);
    try {
      handler.run(job, progress);
      running.remove(job.id());
      if (!progress.succeeded
          && !store.write(
              tx -> tx.jobs().finish(job.id(), owner, JobState.SUCCEEDED, null, leaseNow()))) {
        log.info(
            "job {} {} ended, but it had been cancelled or taken over meanwhile",
            job.kind(),
            job.resourceId());
        return;
      }
      log.debug("job {} {} succeeded", job.kind(), job.resourceId());
    } catch (JobHandler.JobLostException e) {
      running.remove(job.id());
      log.info("job {} {} stopped: {}", job.kind(), job.resourceId(), e.getMessage());
    } catch (Exception e) {
      running.remove(job.id());
      if (stopping
          && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
        // shutting down: leave the job running; its lease expires and another start picks it up
        return;
      }
      var reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn("job {} {} failed: {}", job.kind(), job.resourceId(), reason, e);
      if (store.write(
          tx -> tx.jobs().finish(job.id(), owner, JobState.FAILED, reason, leaseNow()))) {
        handler.failed(job, reason);
      }
    }
  }

  /**
   * A running job's link to its worker: progress, the lease check, and ending inside the handler's
   * transaction.
   */
  private final class WorkerProgress implements JobHandler.Progress {
    private final Job job;
    private volatile boolean succeeded;

    WorkerProgress(Job job) {
      this.job = job;
    }

    @Override
    public void report(long done, long total) {
      running.put(job.id(), new long[] {done, total});
      if (!store.write(
          tx ->
              tx.jobs()
                  .heartbeat(job.id(), owner, leaseNow(), leaseNow().plus(lease), done, total))) {
        throw new JobHandler.JobLostException("job " + job.id() + " was cancelled or taken over");
      }
    }

    @Override
    public void succeedIn(Tx tx) {
      if (!tx.jobs().finish(job.id(), owner, JobState.SUCCEEDED, null, leaseNow())) {
        throw new JobHandler.JobLostException("job " + job.id() + " was cancelled or taken over");
      }
      // the flag is read only after run returns, so a rolled-back transaction that set it makes run
      // throw first
      tx.afterCommit(() -> succeeded = true);
    }
  }

  private Instant leaseNow() {
    return leaseClock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void heartbeat() {
    for (var entry : running.entrySet()) {
      try {
        var progress = entry.getValue();
        store.write(
            tx ->
                tx.jobs()
                    .heartbeat(
                        entry.getKey(),
                        owner,
                        leaseNow(),
                        leaseNow().plus(lease),
                        progress[0],
                        progress[1]));
      } catch (RuntimeException e) {
        log.warn("heartbeat of job {} failed", entry.getKey(), e);
      }
    }
  }

  /** Jobs whose worker died go back to the queue, or fail for good after too many attempts. */
  private void reap() {
    try {
      for (var job : store.read(tx -> tx.jobs().expired(leaseNow(), 100))) {
        if (job.attempts() >= MAX_ATTEMPTS) {
          var reason =
              "gave up after "
                  + job.attempts()
                  + " attempts whose workers stopped without finishing";
          if (store.write(
              tx ->
                  tx.jobs()
                      .transition(
                          job.id(), JobState.RUNNING, JobState.FAILED, reason, leaseNow()))) {
            handlers.get(job.kind()).failed(job, reason);
          }
        } else if (store.write(tx -> tx.jobs().requeue(job, leaseNow()))) {
          log.info(
              "job {} {} lost its worker; queued again (attempt {} done)",
              job.kind(),
              job.resourceId(),
              job.attempts());
          signal();
        }
      }
    } catch (RuntimeException e) {
      if (!stopping) {
        log.warn("job reaper failed; it runs again", e);
      }
    }
  }
}
