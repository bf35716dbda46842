package io.imprint.core.app.job;

import io.imprint.core.domain.job.Job;
import io.imprint.core.port.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this engine's workers hold, renewed by {@link #heartbeat} while their jobs run. A
 * renewal the store refuses means the job was cancelled or taken over (the lease ran out and the
 * reaper queued it again): the job is marked lost, and its next progress report stops it.
 */
final class Leases {
  private static final Logger log = LoggerFactory.getLogger(Leases.class);

  private final Store store;
  private final Clocks clocks;
  private final String owner;
  private final Duration lease;
  private final Map<String, Job.Progress> held = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();

  Leases(Store store, Clocks clocks, String owner, Duration lease) {
    this.store = store;
    this.clocks = clocks;
    this.owner = owner;
    this.lease = lease;
  }

  String owner() {
    return owner;
  }

  Duration lease() {
    return lease;
  }

  /** A held job as the watchdog sees it: who runs it, and when it last showed progress. */
  record Run(Job job, Thread thread, Instant lastProgress) {}

  void hold(Job job) {
    held.put(job.id(), job.progress());
    runs.put(job.id(), new Run(job, Thread.currentThread(), clocks.lease()));
  }

  void release(String id) {
    held.remove(id);
    runs.remove(id);
    lost.remove(id);
  }

  /**
   * The held jobs that showed no progress for longer than {@code limit}: each is taken from this
   * worker's hold (no more heartbeats, no more progress) and returned for the watchdog to end.
   */
  List<Run> stalled(Duration limit) {
    var now = clocks.lease();
    var stalled = new ArrayList<Run>();
    for (var run : runs.values()) {
      if (run.lastProgress().plus(limit).isBefore(now) && runs.remove(run.job().id(), run)) {
        lost.add(run.job().id());
        held.remove(run.job().id());
        stalled.add(run);
      }
    }
    return stalled;
  }

  boolean isLost(String id) {
    return lost.contains(id);
  }

  /** Records progress and renews the lease at once; false when the job is no longer ours. */
  boolean report(String id, Job.Progress progress) {
    var now = clocks.lease();
    if (lost.contains(id)) {
      return false;
    }
    held.put(id, progress);
    runs.computeIfPresent(id, (k, run) -> new Run(run.job(), run.thread(), now));
    return !lost.contains(id)
        && store.write(tx -> tx.jobs().heartbeat(id, owner, now, now.plus(lease), progress));
  }

  void heartbeat() {
    for (var entry : held.entrySet()) {
      try {
        var now = clocks.lease();
        if (!store.write(
            tx ->
                tx.jobs()
                    .heartbeat(entry.getKey(), owner, now, now.plus(lease), entry.getValue()))) {
          // ours no more: cancelled, or reaped after a pause longer than the lease (unless it just
          // ended)
          if (held.containsKey(entry.getKey())) {
            lost.add(entry.getKey());
          }
          log.debug(
              "job {} is no longer this worker's; it stops at its next report", entry.getKey());
        }
      } catch (RuntimeException e) {
        log.warn("heartbeat of job {} failed", entry.getKey(), e);
      }
    }
  }
}
