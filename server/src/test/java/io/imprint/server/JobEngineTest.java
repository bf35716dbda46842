package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.VirtualClock;
import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.job.PayloadText;
import io.imprint.core.app.job.Schedule;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.region.Region;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one job engine on a real SQLite file, with time moved by a settable clock: jobs come when
 * they are due and not before, and a recurring task runs once per due moment however many engines
 * share the store.
 */
class JobEngineTest {
  record Note(String text) {}

  static final JobKind<Note> NOTE =
      new JobKind<>(
          "test.note",
          new JobKind.Codec<>() {
            @Override
            public String encode(Note note) {
              return PayloadText.write("text", note.text());
            }

            @Override
            public Note decode(String text) {
              return new Note(PayloadText.require(PayloadText.read(text).orElseThrow(), "text"));
            }
          },
          true);

  @TempDir Path dir;
  final VirtualClock clock = new VirtualClock(InstantSource.system());
  final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
  final List<JobRunner> engines = new ArrayList<>();
  JdbcStore store;

  @BeforeEach
  void open() {
    store = JdbcStore.sqlite(dir.resolve("imprint.db"));
  }

  @AfterEach
  void close() {
    engines.forEach(JobRunner::close);
    store.close();
  }

  @Test
  void a_job_due_later_is_not_run_before_its_time() {
    var engine = engine().register(new Notes());
    var due = clock.instant().plus(Duration.ofHours(1));
    store.write(
        tx -> {
          engine.enqueueAt(tx, NOTE, "later", new Note("later"), due);
          return engine.enqueue(tx, NOTE, "now", new Note("now"));
        });
    assertThat(engine.runDueNow()).isEqualTo(1);
    assertThat(notes).containsExactly("now");

    clock.advance(Duration.ofMinutes(59));
    assertThat(engine.runDueNow()).isZero();
    assertThat(notes).containsExactly("now");

    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.runDueNow()).isEqualTo(1);
    assertThat(notes).containsExactly("now", "later");
  }

  @Test
  void a_recurring_task_runs_once_per_due_moment_across_two_engines_on_one_store()
      throws Exception {
    var runs = new ConcurrentLinkedQueue<Instant>();
    var overlapping = new AtomicInteger();
    var most = new AtomicInteger();
    var first = engine();
    var second = engine();
    for (var engine : List.of(first, second)) {
      engine.recurring(
          "test.hourly",
          Schedule.every(Duration.ofHours(1)),
          () -> {
            most.accumulateAndGet(overlapping.incrementAndGet(), Math::max);
            runs.add(clock.instant());
            overlapping.decrementAndGet();
          });
    }
    // two nodes starting together: each registration makes the task due now, which is one moment
    first.start();
    second.start();
    for (int moment = 1; moment <= 5; moment++) {
      // both engines' workers and both test threads race for each due moment
      race(List.of(first::runDueNow, second::runDueNow));
      assertThat(runs).as("after due moment " + moment).hasSize(moment);
      clock.advance(Duration.ofHours(1));
    }
    assertThat(most).as("runs at the same time").hasValue(1);
  }

  @Test
  void a_wake_up_that_comes_while_the_task_runs_makes_it_run_again_right_after() throws Exception {
    var engine = engine();
    var runs = new AtomicInteger();
    var running = new CountDownLatch(1);
    var carryOn = new CountDownLatch(1);
    engine.recurring(
        "test.woken",
        Schedule.every(Duration.ofHours(1)),
        () -> {
          if (runs.incrementAndGet() == 1) {
            running.countDown();
            await(carryOn);
          }
        });
    var runner = Thread.ofVirtual().start(engine::runDueNow);
    await(running);
    // the run has read its data; what changed now must not wait an hour for the next run
    engine.wake("test.woken");
    carryOn.countDown();
    runner.join(10_000);
    assertThat(runs).hasValue(2);
    assertThat(engine.runDueNow()).as("and then it waits for its hour").isZero();
  }

  @Test
  void an_import_queued_by_a_version_that_stored_the_bare_file_path_still_runs() throws Exception {
    try (var server = TestServer.start()) {
      var api = server.api();
      var file = server.dataDir().resolve("import").resolve("old.img");
      Files.write(file, new byte[] {7, 7, 7});
      server.server().jobs().pause();
      var id =
          api.post(
                  "/v1/images",
                  obj(
                      "name",
                      "queued-long-ago",
                      "file",
                      obj("href", file.toUri().toString()),
                      "operating_system",
                      obj("name", "debian-12-amd64")))
              .body()
              .path("id")
              .asText();
      try (var c =
              DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("imprint.db"));
          var update =
              c.prepareStatement(
                  "UPDATE jobs SET payload = ? WHERE kind = ? AND resource_id = ?")) {
        update.setString(1, file.toAbsolutePath().normalize().toString());
        update.setString(2, "image.import");
        update.setString(3, id);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      server.server().jobs().resume();
      var image = api.awaitField("/v1/images/" + id, "status", "available").body();
      assertThat(image.at("/file/size").asInt()).isEqualTo(1);
    }
  }

  @Test
  void a_job_that_makes_no_progress_is_failed_by_the_watchdog_and_its_worker_replaced()
      throws Exception {
    var leaseClock = new VirtualClock(InstantSource.system());
    var started = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var failures = new ConcurrentLinkedQueue<String>();
    var ranAfter = new CountDownLatch(1);
    // a run that never returns and ignores interrupts, as a read of a FIFO nobody writes does
    var stuck = new Stuck(started, release, failures);
    var engine =
        engine(leaseClock, Duration.ofMinutes(1)).register(stuck).register(new Notes(ranAfter));
    engine.start();
    store.write(tx -> engine.enqueue(tx, Stuck.KIND, "stuck", new Note("stuck")));
    engine.signal();
    await(started);

    // well inside the limit, however slowly the machine got here
    leaseClock.advance(Duration.ofSeconds(45));
    engine.watch();
    assertThat(jobOf(Stuck.KIND, "stuck").state().wire()).isEqualTo("running");

    leaseClock.advance(Duration.ofSeconds(16));
    engine.watch();
    var failed = jobOf(Stuck.KIND, "stuck");
    assertThat(failed.state().wire()).isEqualTo("failed");
    assertThat(failed.error()).isEqualTo("it made no progress for 1 minute and was stopped");
    assertThat(failures).containsExactly("it made no progress for 1 minute and was stopped");

    // the engine's only worker is still stuck, yet the next job runs on its replacement
    store.write(tx -> engine.enqueue(tx, NOTE, "next", new Note("next")));
    engine.signal();
    await(ranAfter);
    assertThat(notes).containsExactly("next");

    release.countDown();
    assertThat(stuck.returned.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(jobOf(Stuck.KIND, "stuck").state().wire()).isEqualTo("failed");
  }

  private Job jobOf(JobKind<?> kind, String resourceId) {
    return store.read(tx -> tx.jobs().findByResource(kind.name(), resourceId)).orElseThrow();
  }

  /** Blocks until released, whatever interrupts it; notes its failure. */
  private static final class Stuck implements JobHandler<Note> {
    static final JobKind<Note> KIND = new JobKind<>("test.stuck", NOTE.codec(), true);
    final CountDownLatch started;
    final CountDownLatch release;
    final CountDownLatch returned = new CountDownLatch(1);
    final ConcurrentLinkedQueue<String> failures;

    Stuck(CountDownLatch started, CountDownLatch release, ConcurrentLinkedQueue<String> failures) {
      this.started = started;
      this.release = release;
      this.failures = failures;
    }

    @Override
    public JobKind<Note> kind() {
      return KIND;
    }

    @Override
    public void run(Job job, Note note, Progress progress) {
      started.countDown();
      while (true) {
        try {
          if (release.await(10, TimeUnit.SECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          // ignored, as an uninterruptible system call would
        }
      }
      returned.countDown();
    }

    @Override
    public void failed(Job job, Note note, String reason) {
      failures.add(reason);
    }
  }

  private JobRunner engine() {
    return engine(InstantSource.system(), 2, Duration.ofSeconds(10), JobRunner.DEFAULT_STALL_LIMIT);
  }

  private JobRunner engine(InstantSource leaseClock, Duration stallLimit) {
    // a lease far longer than the stall limit, so that the reaper never takes the job first
    return engine(leaseClock, 1, Duration.ofMinutes(10), stallLimit);
  }

  private JobRunner engine(
      InstantSource leaseClock, int workers, Duration lease, Duration stallLimit) {
    var deployment =
        new Deployment(
            Region.of("us-south", 3),
            Images.ACCOUNT,
            "811f8abfbd32425597dc7ba40da98fa6",
            clock,
            new SecureRandom());
    var engine =
        new JobRunner(
            store, deployment, leaseClock, workers, lease, Duration.ofSeconds(1), stallLimit);
    engines.add(engine);
    return engine;
  }

  /** Notes down each note it runs. */
  private final class Notes implements JobHandler<Note> {
    private final CountDownLatch ran;

    Notes() {
      this(new CountDownLatch(0));
    }

    /** Counts {@code ran} down at each run. */
    Notes(CountDownLatch ran) {
      this.ran = ran;
    }

    @Override
    public JobKind<Note> kind() {
      return NOTE;
    }

    @Override
    public void run(Job job, Note note, Progress progress) {
      notes.add(note.text());
      ran.countDown();
    }

    @Override
    public void failed(Job job, Note note, String reason) {
      notes.add("failed: " + reason);
    }
  }

  private static void race(List<Callable<Integer>> calls) throws Exception {
    try (var pool = Executors.newFixedThreadPool(calls.size())) {
      for (var result : pool.invokeAll(calls)) {
        result.get();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
