package io.imprint.store.jdbc;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Records already parsed from their {@code doc}, by id and version. A row's document never changes
 * without its version changing, so an entry whose version matches the row just read is exactly what
 * parsing would give; a stale entry simply misses. Parsing was a third of a list page (100
 * documents) and pages are read again and again (a console polling, a script walking a list).
 * Direct-mapped — a slot per id hash, a collision replaces — so it is bounded, needs no locks, and
 * costs nothing to forget.
 *
 * <p>A record is kept only the second time its id misses in a row at its slot (a doorkeeper: the
 * slot remembers the hash of the last id that missed there). Reads that never come back — random
 * reads by id across many thousands of images, a script walking every page once — used to fill
 * every slot with records that lived just long enough to be promoted to the old generation and die
 * there: 60 MB of garbage the serial collector kept until its next full collection, which decided
 * the server's peak RSS. Now they leave nothing behind, and what is read again is kept from its
 * second read on.
 */
final class DocCache<T> {
  private record Entry<T>(String id, long version, T record) {}

  /** Slots per table: twenty pages of a list, a few MB for the biggest records. */
  static final int SLOTS = 2048;

  private final AtomicReferenceArray<Entry<T>> slots;
  private final AtomicIntegerArray lastMissed;
  private final int mask;

  /** {@code size} slots, rounded up to a power of two. */
  DocCache(int size) {
    int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
    slots = new AtomicReferenceArray<>(n);
    lastMissed = new AtomicIntegerArray(n);
    mask = n - 1;
  }

  T get(String id, long version) {
    var e = slots.get(slot(id.hashCode()));
    return e != null && e.version == version && e.id.equals(id) ? e.record : null;
  }

  /** Offers a record just parsed after a miss; kept if its id missed here before, or is held. */
  void put(String id, long version, T record) {
    int hash = id.hashCode();
    int slot = slot(hash);
    var held = slots.get(slot);
    boolean again = held != null && held.id.equals(id);
    // a hash of 0 is also the empty mark: such an id is simply kept on its first miss
    if (again || lastMissed.getAndSet(slot, hash) == hash) {
      slots.set(slot, new Entry<>(id, version, record));
    }
  }

  private int slot(int h) {
    return (h ^ (h >>> 16)) & mask;
  }
}
