package io.imprint.store.jdbc;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of list queries ({@code total_count}), kept until this store commits a change or a second
 * passes. A list page costs the same however many rows there are (an index range of {@code limit}
 * rows), but its total was a count of every row the filter selects: at 100,000 images that count
 * was most of a page's cost. Read transactions share the counts; a write transaction counts for
 * itself, since it sees its own changes.
 *
 * <p>Why a count is never stale for this store's own writes: every transaction notes the commit
 * sequence when it begins, before its first statement, and every write transaction that changed a
 * row moves the sequence on after it commits. A count is kept with the sequence its transaction
 * began at, and used only while no change has committed since. A transaction that began after a
 * commit but before that commit moved the sequence counts the new rows under the older number, and
 * its count is simply dropped at the next read. Changes another process or node commits are not
 * seen here; the second's lifetime bounds how long their counts lag (PostgreSQL with several nodes:
 * docs/decisions.md).
 */
final class CountCache {
  private static final long LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Distinct queries kept at most; more clears them all (filters by name are many). */
  private static final int MAX_ENTRIES = 4096;

  record Key(String sql, List<?> params) {}

  private record Entry(long count, long sequence, long at) {}

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong lastChange = new AtomicLong();
  private final ConcurrentMap<Key, Entry> counts = new ConcurrentHashMap<>();

  /** The commit sequence a transaction begins at. */
  long sequence() {
    return commits.get();
  }

  /** A write transaction that changed rows has committed. */
  void changed() {
    long sequence = commits.incrementAndGet();
    lastChange.accumulateAndGet(sequence, Math::max);
  }

  /** The count of {@code key}, or -1 when none is kept that is still good. */
  long get(Key key) {
    var entry = counts.get(key);
    if (entry == null
        || entry.sequence() < lastChange.get()
        || System.nanoTime() - entry.at() > LIFETIME_NANOS) {
      return -1;
    }
    return entry.count();
  }

  /** Keeps {@code count}, made by a read transaction that began at {@code sequence}. */
  void put(Key key, long count, long sequence) {
    if (sequence < lastChange.get()) {
      return;
    }
    if (counts.size() >= MAX_ENTRIES) {
      counts.clear();
    }
    counts.put(key, new Entry(count, sequence, System.nanoTime()));
  }
}
