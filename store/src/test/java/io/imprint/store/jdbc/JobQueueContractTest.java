package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobLifecycle.Event;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.port.JobRepository;
import io.imprint.core.port.JobRepository.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job queue's contract on each database: due times, claims that only one worker wins, a
 * recurring task's row run once per due moment, and the transition table's rows as the only way a
 * job's state changes.
 */
abstract class JobQueueContractTest {
  static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(60);

  JdbcStore store;

  protected abstract JdbcStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_job_reads_back_with_every_field() {
    var job = Job.queued("job-1", work("image.import", "image-1", "file=%2Fa.img"), T, T);
    assertThat(change(jobs -> jobs.insert(job))).isTrue();
    assertThat(job("job-1")).contains(job);
    Optional<Job> found = read(jobs -> jobs.findByResource("image.import", "image-1"));
    assertThat(found).contains(job);
  }

  @Test
  void a_job_due_later_is_not_claimed_before_its_time() {
    insert("later", T.plus(Duration.ofHours(1)));
    assertThat(claim("w", T)).isEmpty();
    assertThat(claim("w", T.plus(Duration.ofMinutes(59)))).isEmpty();
    Optional<Instant> next = read(jobs -> jobs.nextDue(List.of("step")));
    assertThat(next).contains(T.plus(Duration.ofHours(1)));
    var claimed = claim("w", T.plus(Duration.ofHours(1))).orElseThrow();
    assertThat(claimed.resourceId()).isEqualTo("later");
    assertThat(claimed.state()).isEqualTo(JobState.RUNNING);
    assertThat(claimed.lease().owner()).isEqualTo("w");
    assertThat(claimed.lease().attempts()).isEqualTo(1);
  }

  @Test
  void due_jobs_are_claimed_in_the_order_they_fell_due() {
    insert("second", T.plusSeconds(2));
    insert("first", T.plusSeconds(1));
    insert("third", T.plusSeconds(3));
    var order = new ArrayList<String>();
    Optional<Job> job;
    while ((job = claim("w", T.plusSeconds(10))).isPresent()) {
      order.add(job.get().resourceId());
    }
    assertThat(order).containsExactly("first", "second", "third");
  }

  @Test
  void adding_a_job_that_exists_keeps_the_first_even_when_nodes_race() throws Exception {
    insert("once", T);
    assertThat(change(jobs -> jobs.insert(queued("other-id", "once", T.plusSeconds(5))))).isFalse();
    var calls = new ArrayList<Callable<Boolean>>();
    for (int i = 0; i < 4; i++) {
      var id = "racer-" + i;
      calls.add(() -> change(jobs -> jobs.insert(queued(id, "raced", T))));
    }
    assertThat(race(calls)).containsExactlyInAnyOrder(true, false, false, false);
  }

  @Test
  void a_cancelled_job_is_not_claimed() {
    var job = insert("cancelled", T);
    assertThat(
            change(jobs -> jobs.transition(job.id(), JobState.QUEUED, Event.CANCELLED, "gone", T)))
        .isTrue();
    assertThat(claim("w", T.plusSeconds(60))).isEmpty();
    assertThat(job(job.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_finished_job_is_never_reopened() {
    insert("done", T);
    var job = claim("w", T).orElseThrow();
    assertThat(change(jobs -> jobs.finish(job.id(), "w", Event.SUCCEEDED, null, T))).isTrue();
    var finished = job(job.id()).orElseThrow();

    assertThat(change(jobs -> jobs.finish(job.id(), "w", Event.FAILED, "again", T))).isFalse();
    assertThat(change(jobs -> jobs.heartbeat(job.id(), "w", T, T.plus(LEASE), progress())))
        .isFalse();
    assertThat(change(jobs -> jobs.requeue(finished, T, T))).isFalse();
    assertThat(change(jobs -> jobs.reschedule(job.id(), "w", T, T))).isFalse();
    assertThat(change(jobs -> jobs.wake("step", "done", T))).isFalse();
    assertThat(change(jobs -> jobs.forget(job.id(), "w"))).isFalse();
    assertThat(claim("w", T.plusSeconds(60))).isEmpty();
    assertThatThrownBy(
            () ->
                change(
                    jobs -> jobs.transition(job.id(), JobState.SUCCEEDED, Event.CANCELLED, "x", T)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(job(job.id())).contains(finished);
  }

  @Test
  void a_worker_whose_lease_ran_out_can_neither_renew_nor_finish_once_the_job_is_queued_again() {
    insert("abandoned", T);
    claim("dead", T).orElseThrow();
    var later = T.plus(LEASE).plusSeconds(1);
    var expired = read(jobs -> jobs.expired(later, 10));
    assertThat(expired).extracting(Job::resourceId).containsExactly("abandoned");
    assertThat(change(jobs -> jobs.requeue(expired.getFirst(), later, later))).isTrue();
    var again = claim("alive", later).orElseThrow();
    assertThat(again.lease().attempts()).isEqualTo(2);

    assertThat(change(jobs -> jobs.heartbeat(again.id(), "dead", later, later, progress())))
        .isFalse();
    assertThat(change(jobs -> jobs.finish(again.id(), "dead", Event.SUCCEEDED, null, later)))
        .isFalse();
    assertThat(change(jobs -> jobs.finish(again.id(), "alive", Event.SUCCEEDED, null, later)))
        .isTrue();
  }

  @Test
  void concurrent_workers_claim_every_due_job_exactly_once() throws Exception {
    int count = 60;
    for (int i = 0; i < count; i++) {
      insert("image-" + i, T);
    }
    var claimed = new ConcurrentLinkedQueue<String>();
    var calls = new ArrayList<Callable<Boolean>>();
    for (int w = 0; w < 4; w++) {
      var owner = "worker-" + w;
      calls.add(
          () -> {
            Optional<Job> job;
            while ((job = claim(owner, T)).isPresent()) {
              assertThat(job.get().lease().owner()).isEqualTo(owner);
              claimed.add(job.get().id());
            }
            return true;
          });
    }
    race(calls);
    assertThat(claimed).hasSize(count).doesNotHaveDuplicates();
  }

  @Test
  void a_recurring_task_runs_once_per_due_moment_however_many_workers_race_for_it()
      throws Exception {
    write(jobs -> jobs.insert(queued("task", "recurring", T)));
    for (int moment = 0; moment < 3; moment++) {
      var due = T.plus(Duration.ofHours(moment));
      assertThat(claim("early", due.minusMillis(1))).as("before its moment").isEmpty();
      var calls = new ArrayList<Callable<Optional<Job>>>();
      for (int w = 0; w < 4; w++) {
        var owner = "node-" + w;
        calls.add(() -> claim(owner, due));
      }
      var winners = race(calls).stream().flatMap(Optional::stream).toList();
      assertThat(winners).as("moment " + moment).hasSize(1);
      var run = winners.getFirst();
      var next = due.plus(Duration.ofHours(1));
      assertThat(change(jobs -> jobs.reschedule(run.id(), "someone-else", next, due))).isFalse();
      assertThat(change(jobs -> jobs.reschedule(run.id(), run.lease().owner(), next, due)))
          .isTrue();
      var queued = job(run.id()).orElseThrow();
      assertThat(queued.state()).isEqualTo(JobState.QUEUED);
      assertThat(queued.times().runAt()).isEqualTo(next);
      assertThat(queued.lease().attempts()).isZero();
    }
  }

  @Test
  void a_wake_up_brings_a_job_forward_and_one_during_a_run_is_kept_for_the_next_run() {
    write(jobs -> jobs.insert(queued("task", "recurring", T.plus(Duration.ofHours(1)))));
    assertThat(change(jobs -> jobs.wake("step", "recurring", T.plus(Duration.ofHours(2)))))
        .as("a later time brings nothing forward")
        .isFalse();
    assertThat(change(jobs -> jobs.wake("step", "recurring", T))).isTrue();
    var run = claim("w", T).orElseThrow();
    assertThat(run.times().runAt()).as("no wake-up yet").isNull();

    assertThat(change(jobs -> jobs.wake("step", "recurring", T.plusSeconds(5)))).isTrue();
    assertThat(change(jobs -> jobs.wake("step", "recurring", T.plusSeconds(9))))
        .as("the earlier wake-up stands")
        .isFalse();
    write(jobs -> jobs.reschedule(run.id(), "w", T.plus(Duration.ofHours(1)), T.plusSeconds(6)));
    assertThat(job(run.id()).orElseThrow().times().runAt()).isEqualTo(T.plusSeconds(5));
    assertThat(claim("w", T.plusSeconds(5))).isPresent();
  }

  @Test
  void a_job_queued_again_after_its_worker_died_is_due_at_once() {
    insert("step-1", T.plus(Duration.ofMinutes(10)));
    var run = claim("dead", T.plus(Duration.ofMinutes(10))).orElseThrow();
    var later = T.plus(Duration.ofHours(1));
    var expired = job(run.id()).orElseThrow();
    assertThat(change(jobs -> jobs.requeue(expired, later, later))).isTrue();
    assertThat(job(run.id()).orElseThrow().times().runAt()).isEqualTo(later);
    assertThat(claim("alive", later)).isPresent();
  }

  @Test
  void a_job_whose_kind_keeps_nothing_is_removed_by_its_owner_only() {
    insert("step", T);
    var run = claim("w", T).orElseThrow();
    assertThat(change(jobs -> jobs.forget(run.id(), "other"))).isFalse();
    assertThat(change(jobs -> jobs.forget(run.id(), "w"))).isTrue();
    assertThat(job(run.id())).isEmpty();
  }

  private static Job.Work work(String kind, String resourceId, String payload) {
    return new Job.Work(kind, resourceId, payload);
  }

  private static Job queued(String id, String resourceId, Instant runAt) {
    return Job.queued(id, work("step", resourceId, null), runAt, T);
  }

  private Job insert(String resourceId, Instant runAt) {
    var job = queued("job-" + resourceId, resourceId, runAt);
    assertThat(change(jobs -> jobs.insert(job))).isTrue();
    return job;
  }

  private Optional<Job> claim(String owner, Instant dueBy) {
    return write(jobs -> jobs.claim(List.of("step"), new Claim(owner, dueBy, T, T.plus(LEASE))));
  }

  private static Job.Progress progress() {
    return new Job.Progress(1, 2);
  }

  private <R> R write(Function<JobRepository, R> work) {
    return store.write(tx -> work.apply(tx.jobs()));
  }

  private boolean change(Predicate<JobRepository> change) {
    return store.write(tx -> change.test(tx.jobs()));
  }

  private Optional<Job> job(String id) {
    return store.read(tx -> tx.jobs().get(id));
  }

  private <R> R read(Function<JobRepository, R> work) {
    return store.read(tx -> work.apply(tx.jobs()));
  }

  /** Runs the calls on threads of their own, released together; their results in call order. */
  private static <R> List<R> race(List<Callable<R>> calls) throws Exception {
    var start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(calls.size())) {
      var futures = new ArrayList<Future<R>>();
      for (var call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      var results = new ArrayList<R>();
      for (var future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }
}
