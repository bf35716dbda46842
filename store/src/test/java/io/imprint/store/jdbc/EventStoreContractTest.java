package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.domain.event.EventTarget;
import io.imprint.core.domain.event.Exchange;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Reason;
import io.imprint.core.domain.event.Result;
import io.imprint.core.domain.event.Severity;
import io.imprint.core.domain.event.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event outbox's contract, run against every database: events commit and roll back with the
 * transaction that writes them, commit in sequence order, list newest first with filters, feed
 * per-sink cursors, and leave only by the retention purge.
 */
abstract class EventStoreContractTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.120Z");

  protected JdbcStore store;

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
  void an_event_is_stored_whole_and_read_back_equal() {
    var event = event("is.image.image.deprecate", T0, "crn:image:a", Initiator.SYSTEM);
    append(event);
    var listed = store.read(tx -> tx.events().list(EventFilter.ALL, PageRequest.first(10)));
    assertThat(listed.items()).containsExactly(event);
    assertThat(listed.totalCount()).isEqualTo(1);
  }

  @Test
  void an_event_commits_with_its_transaction_and_rolls_back_with_it() {
    var group = Fixtures.resourceGroup();
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.resourceGroups().insert(group);
                      tx.events()
                          .append(List.of(event("resource-controller.group.create", T0, "c", "s")));
                      throw new IllegalStateException("the change fails");
                    }))
        .hasMessage("the change fails");
    assertThat(after(0, 10)).isEmpty();
    boolean kept = store.read(tx -> tx.resourceGroups().get(group.id()).isPresent());
    assertThat(kept).isFalse();
  }

  @Test
  void a_transaction_sees_its_own_events_before_it_commits() {
    var seen =
        store.write(
            tx -> {
              tx.events().append(List.of(event("is.vpc.vpc.create", T0, "c", "s")));
              return tx.events().after(0, 10).size();
            });
    assertThat(seen).isEqualTo(1);
  }

  @Test
  void a_read_transaction_cannot_write_events() {
    assertThatThrownBy(
            () ->
                store.read(
                    tx -> {
                      tx.events().append(List.of(event("is.vpc.vpc.create", T0, "c", "s")));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void events_list_newest_first_in_pages_that_neither_skip_nor_repeat() {
    var written = new ArrayList<ActivityEvent>();
    for (int i = 0; i < 7; i++) {
      written.add(event("is.image.image.update", T0.plusSeconds(i), "crn:" + i, "anonymous"));
    }
    append(written.toArray(ActivityEvent[]::new));
    var seen = new ArrayList<ActivityEvent>();
    long after = 0;
    int pages = 0;
    while (true) {
      var position = after;
      var page = store.read(tx -> tx.events().list(EventFilter.ALL, new PageRequest(3, position)));
      assertThat(page.totalCount()).isEqualTo(7);
      seen.addAll(page.items());
      pages++;
      if (!page.hasNext()) {
        break;
      }
      after = page.nextAfter();
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(written.reversed());
  }

  @Test
  void filters_select_by_time_action_prefix_target_outcome_and_initiator() {
    var create = event("is.image.image.create", T0, "crn:image:1", "anonymous");
    var deprecate = event("is.image.image.deprecate", T0.plusSeconds(60), "crn:image:1", "system");
    var volume = event("is.volume.volume.delete", T0.plusSeconds(120), "crn:volume:2", "anonymous");
    var failed =
        withOutcome(
            event("is.image.image.delete", T0.plusSeconds(180), "crn:image:1", "anonymous"),
            Outcome.FAILURE);
    var oddAction = event("is.image%x.y", T0.plusSeconds(240), "crn:odd", "anonymous");
    append(create, deprecate, volume, failed, oddAction);

    assertThat(
            list(
                new EventFilter(
                    T0.plusSeconds(60), T0.plusSeconds(180), null, null, null, null, null)))
        .containsExactly(volume, deprecate);
    assertThat(list(new EventFilter(null, null, "is.image.image.create", null, null, null, null)))
        .containsExactly(create);
    assertThat(list(new EventFilter(null, null, null, "is.image.", null, null, null)))
        .containsExactly(failed, deprecate, create);
    assertThat(list(new EventFilter(null, null, null, "is.image%", null, null, null)))
        .as("LIKE's wildcards in a prefix are plain characters")
        .containsExactly(oddAction);
    assertThat(list(new EventFilter(null, null, null, null, "crn:image:1", null, null)))
        .containsExactly(failed, deprecate, create);
    assertThat(list(new EventFilter(null, null, null, null, null, Outcome.FAILURE, null)))
        .containsExactly(failed);
    assertThat(list(new EventFilter(null, null, null, null, null, null, "system")))
        .containsExactly(deprecate);
    var both =
        new EventFilter(null, null, null, "is.image.", "crn:image:1", Outcome.SUCCESS, "anonymous");
    assertThat(list(both)).containsExactly(create);
    long total = store.read(tx -> tx.events().list(both, PageRequest.first(1)).totalCount());
    assertThat(total).isEqualTo(1);
  }

  @Test
  void a_cursor_per_sink_starts_at_zero_and_moves_only_from_where_it_is() {
    append(
        event("is.vpc.vpc.create", T0, "a", "s"),
        event("is.vpc.vpc.create", T0, "b", "s"),
        event("is.vpc.vpc.create", T0, "c", "s"));
    var all = after(0, 10);
    assertThat(all).extracting(e -> e.event().target().crn()).containsExactly("a", "b", "c");
    assertThat(all.get(0).seq()).isLessThan(all.get(1).seq());
    assertThat(cursor("file")).isZero();

    long second = all.get(1).seq();
    assertThat(advance("file", 0, second)).isTrue();
    assertThat(advance("file", 0, all.get(2).seq())).as("another node moved it first").isFalse();
    assertThat(cursor("file")).isEqualTo(second);
    assertThat(cursor("log")).as("cursors are per sink").isZero();
    assertThat(after(second, 10)).extracting(e -> e.event().target().crn()).containsExactly("c");
    assertThat(after(0, 2)).hasSize(2);
  }

  @Test
  void the_retention_purge_deletes_only_older_events_and_never_reuses_a_sequence() {
    append(
        event("is.vpc.vpc.create", T0, "old-1", "s"),
        event("is.vpc.vpc.create", T0.plusSeconds(1), "old-2", "s"),
        event("is.vpc.vpc.create", T0.plusSeconds(10), "new", "s"));
    long last = after(0, 10).getLast().seq();
    assertThat(purge(T0.plusSeconds(10), 1)).isEqualTo(1);
    assertThat(purge(T0.plusSeconds(10), 100)).isEqualTo(1);
    assertThat(after(0, 10)).extracting(e -> e.event().target().crn()).containsExactly("new");
    purge(T0.plusSeconds(11), 100);
    append(event("is.vpc.vpc.create", T0.plusSeconds(20), "after-purge", "s"));
    assertThat(after(0, 10).getFirst().seq()).isGreaterThan(last);
  }

  @Test
  void an_event_written_later_never_commits_before_an_earlier_one() throws Exception {
    var held = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(2)) {
      var first =
          pool.submit(
              () ->
                  store.write(
                      tx -> {
                        tx.events().append(List.of(event("is.vpc.vpc.create", T0, "first", "s")));
                        // reading the outbox writes what was appended: the sequence is taken now
                        tx.events().after(0, 1);
                        held.countDown();
                        await(release);
                        return null;
                      }));
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      var second =
          pool.submit(() -> append(event("is.vpc.vpc.create", T0.plusSeconds(1), "second", "s")));
      // a reader may see nothing yet, or the first event, but never the second without the first
      long deadline = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < deadline) {
        var seen = after(0, 10);
        assertThat(seen).extracting(e -> e.event().target().crn()).doesNotContain("second");
      }
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
    }
    assertThat(after(0, 10))
        .extracting(e -> e.event().target().crn())
        .containsExactly("first", "second");
  }

  private List<StoredEvent> after(long seq, int limit) {
    return store.read(tx -> tx.events().after(seq, limit));
  }

  private long cursor(String sink) {
    return store.read(tx -> tx.events().cursor(sink));
  }

  private boolean advance(String sink, long from, long to) {
    return store.write(tx -> tx.events().advanceCursor(sink, from, to));
  }

  private int purge(Instant cutoff, int limit) {
    return store.write(tx -> tx.events().deleteOlderThan(cutoff, limit));
  }

  private List<ActivityEvent> list(EventFilter filter) {
    return store.read(tx -> tx.events().list(filter, PageRequest.first(50)).items());
  }

  private Void append(ActivityEvent... events) {
    store.write(
        tx -> {
          tx.events().append(List.of(events));
          return null;
        });
    return null;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static ActivityEvent event(String action, Instant at, String crn, String initiatorId) {
    return new ActivityEvent(
        UUID.randomUUID().toString(),
        action,
        at,
        new Initiator(
            initiatorId,
            "name",
            "service/security/account/user",
            "apikey",
            "127.0.0.1",
            "IPv4",
            "curl/8"),
        new EventTarget(crn, "my-image", "is.image/image", "crn:resource-group:g"),
        new Result(Outcome.SUCCESS, Reason.of(204, null), Severity.NORMAL),
        "Virtual Private Cloud: deprecate image my-image",
        new Exchange(
            "req-1",
            Map.of("generation", "2", "requestId", "req-1"),
            Map.of("responseURI", "/v1/images/x", "status", "deprecated")));
  }

  static ActivityEvent withOutcome(ActivityEvent e, Outcome outcome) {
    return new ActivityEvent(
        e.id(),
        e.action(),
        e.eventTime(),
        e.initiator(),
        e.target(),
        new Result(outcome, Reason.of(409, "conflict"), Severity.WARNING),
        e.message(),
        e.exchange());
  }
}
