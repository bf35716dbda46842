package io.imprint.core.port;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.domain.event.StoredEvent;
import java.time.Instant;
import java.util.List;

/**
 * The event outbox. Events are appended in the transaction of the change they report, so they
 * commit or roll back with it; each gets a sequence that grows in commit order. Nothing changes an
 * event once written: the only deletion is the retention purge.
 */
public interface EventRepository {
  /** Appends {@code events} in this transaction, in order. */
  void append(List<ActivityEvent> events);

  /**
   * Events matching {@code filter}, newest first. {@code page.after()} is the sequence of the last
   * event of the previous page (0 for the first page); the page's {@code nextAfter} continues it.
   */
  Page<ActivityEvent> list(EventFilter filter, PageRequest page);

  /** Up to {@code limit} committed events after sequence {@code seq}, oldest first. */
  List<StoredEvent> after(long seq, int limit);

  /** The sequence of the last event delivered to {@code sink} (0 before the first). */
  long cursor(String sink);

  /**
   * Moves {@code sink}'s cursor from {@code from} to {@code to}; false when it is no longer at
   * {@code from} (another node delivered meanwhile).
   */
  boolean advanceCursor(String sink, long from, long to);

  /** Deletes up to {@code limit} of the events older than {@code cutoff}; how many it deleted. */
  int deleteOlderThan(Instant cutoff, int limit);
}
