package io.imprint.core.app.job;

import io.imprint.core.domain.job.Job;
import io.imprint.core.port.JobRepository.Claim;
import io.imprint.core.port.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's worker threads: each claims a due job, runs it, and when none is due sleeps until
 * the next due time ({@code poll} at most) or a wake-up. Counting the runs under way lets {@link
 * #runDueNow} tell when due work has rested.
 */
final class Workers {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  /** How long {@link #runDueNow} waits for other workers' runs before it gives up. */
  private static final Duration RUN_DUE_LIMIT = Duration.ofSeconds(60);

  private final Store store;
  private final Clocks clocks;
  private final Leases leases;
  private final JobExecution execution;
  private final Supplier<List<String>> kinds;
  private final Duration poll;
  private final Semaphore wakeUp = new Semaphore(0);
  private final List<Thread> threads = new ArrayList<>();

  /** Workers the watchdog gave up on: they leave as soon as their run returns, if ever. */
  private final Set<Thread> retired = ConcurrentHashMap.newKeySet();

  private int named;

  /** Guards {@link #busy} and {@link #completions}. */
  private final Object idle = new Object();

  private int busy;
  private long completions;
  private final AtomicBoolean stopping;
  private volatile boolean paused;

  Workers(
      Store store,
      Clocks clocks,
      Leases leases,
      JobExecution execution,
      Supplier<List<String>> kinds,
      Duration poll,
      AtomicBoolean stopping) {
    this.store = store;
    this.clocks = clocks;
    this.leases = leases;
    this.execution = execution;
    this.kinds = kinds;
    this.poll = poll;
    this.stopping = stopping;
  }

  synchronized boolean started() {
    return !threads.isEmpty();
  }

  synchronized void start(int count) {
    for (int i = 0; i < count; i++) {
      addWorker();
    }
  }

  private void addWorker() {
    threads.add(Thread.ofPlatform().daemon().name("imprint-job-" + named++).start(this::work));
  }

  /**
   * Gives up on {@code worker}, stuck in a run the watchdog ended: a new worker takes its place at
   * once, so a run that never returns (a read that blocks forever) costs a thread but not the
   * engine's capacity. The old one leaves when its run returns. Not a worker (a {@link #runDueNow}
   * caller): nothing to replace.
   */
  void retire(Thread worker) {
    synchronized (this) {
      if (stopping.get() || !threads.remove(worker)) {
        return;
      }
      retired.add(worker);
      addWorker();
    }
    synchronized (idle) {
      busy--;
      idle.notifyAll();
    }
  }

  boolean stopping() {
    return stopping.get();
  }

  void wake(int workers) {
    wakeUp.release(workers);
  }

  void pause(boolean pause) {
    paused = pause;
    if (!pause) {
      wakeUp.release(Math.max(1, threads.size()));
    }
  }

  int runDueNow() {
    long deadline = System.nanoTime() + RUN_DUE_LIMIT.toNanos();
    int ran = 0;
    while (true) {
      long seen;
      synchronized (idle) {
        seen = completions;
      }
      var job = paused ? Optional.<Job>empty() : claim();
      if (job.isPresent()) {
        try {
          execution.run(job.get());
        } finally {
          ended(false, true);
        }
        ran++;
        continue;
      }
      synchronized (idle) {
        while (busy > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException("jobs still running after " + RUN_DUE_LIMIT);
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(idle, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while jobs ran", e);
          }
        }
        // a run that ended after the claim above may have queued due work (a next step)
        if (completions == seen) {
          return ran;
        }
      }
    }
  }

  /** Stops claiming; a running handler is interrupted, and its job left to its lease. */
  void stop() {
    stopping.set(true);
    List<Thread> all;
    synchronized (this) {
      all = List.copyOf(threads);
    }
    wakeUp.release(all.size());
    all.forEach(Thread::interrupt);
    for (var thread : all) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void work() {
    while (!stopping.get()) {
      try {
        if (paused) {
          wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        // busy from before the claim, so that runDueNow never misses a run about to start
        synchronized (idle) {
          busy++;
        }
        var job = Optional.<Job>empty();
        try {
          job = claim();
          if (job.isPresent()) {
            execution.run(job.get());
          }
        } finally {
          ended(true, job.isPresent());
        }
        if (retired.remove(Thread.currentThread())) {
          return;
        }
        if (job.isEmpty()) {
          wakeUp.tryAcquire(untilNextDue(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping.get()) {
          log.error("job worker failed; it goes on after {}", poll, e);
          try {
            wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  private void ended(boolean worker, boolean ran) {
    synchronized (idle) {
      // a retired worker's run stopped counting when it was retired
      if (worker && !retired.contains(Thread.currentThread())) {
        busy--;
      }
      if (ran) {
        completions++;
      }
      idle.notifyAll();
    }
  }

  private Optional<Job> claim() {
    var now = clocks.lease();
    var claim = new Claim(leases.owner(), clocks.due(), now, now.plus(leases.lease()));
    return store.write(tx -> tx.jobs().claim(kinds.get(), claim));
  }

  /** Milliseconds until the next job falls due, within 1 ms and {@code poll}. */
  private long untilNextDue() {
    long wait = poll.toMillis();
    var next = store.read(tx -> tx.jobs().nextDue(kinds.get()));
    if (next.isPresent()) {
      wait = Math.min(wait, Duration.between(clocks.due(), next.get()).toMillis());
    }
    return Math.max(1, wait);
  }
}
