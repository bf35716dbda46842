package io.imprint.store.jdbc;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Records already parsed from their {@code doc}, by id and version. A row's document never changes
 * without its version changing, so an entry whose version matches the row just read is exactly what
 * parsing would give; a stale entry simply misses. Parsing was a third of a list page (100
 * documents) and pages are read again and again (a console polling, a script walking a list).
 * Direct-mapped — a slot per id hash, a collision replaces — so it is bounded, needs no locks, and
 * costs nothing to forget.
 */
final class DocCache<T> {
  private record Entry<T>(String id, long version, T record) {}

  /** Slots per table: twenty pages of a list, a few MB for the biggest records. */
  static final int SLOTS = 2048;

  private final AtomicReferenceArray<Entry<T>> slots;
  private final int mask;

  /** {@code size} slots, rounded up to a power of two. */
  DocCache(int size) {
    int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
    slots = new AtomicReferenceArray<>(n);
    mask = n - 1;
  }

  T get(String id, long version) {
    var e = slots.get(slot(id));
    return e != null && e.version == version && e.id.equals(id) ? e.record : null;
  }

  void put(String id, long version, T record) {
    slots.set(slot(id), new Entry<>(id, version, record));
  }

  private int slot(String id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
