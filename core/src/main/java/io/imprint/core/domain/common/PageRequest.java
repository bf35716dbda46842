package io.imprint.core.domain.common;

/**
 * One page of a collection: at most {@code limit} items after position {@code after} in the
 * collection's stable order (0 = from the start). The position is the store's insertion sequence,
 * which never changes for a row, so a walk over pages neither skips nor repeats items while other
 * rows come and go.
 *
 * <p>A list in another order than insertion (images by name or creation date) continues after the
 * pair ({@code afterKey}, {@code after}): the sort key of the last item already shown, as its
 * {@link Page#nextKey()} gave it, and that item's sequence. The sequence breaks ties between equal
 * keys, so such a walk neither skips nor repeats either.
 */
public record PageRequest(int limit, long after, String afterKey) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit out of range: " + limit);
    }
    if (after < 0) {
      throw new IllegalArgumentException("negative position");
    }
  }

  public PageRequest(int limit, long after) {
    this(limit, after, null);
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, 0);
  }

  public static PageRequest all() {
    return new PageRequest(MAX_LIMIT, 0);
  }
}
