package io.imprint.core.domain.common;

/**
 * One page of a collection: at most {@code limit} items after position {@code after} in the
 * collection's stable order (0 = from the start). The position is the store's insertion sequence,
 * which never changes for a row, so a walk over pages neither skips nor repeats items while other
 * rows come and go.
 */
public record PageRequest(int limit, long after) {
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

  public static PageRequest first(int limit) {
    return new PageRequest(limit, 0);
  }

  public static PageRequest all() {
    return new PageRequest(MAX_LIMIT, 0);
  }
}
