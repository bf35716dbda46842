package io.imprint.core.domain.common;

import java.util.List;
import java.util.function.Function;

/**
 * A page of results, the total that matched the filter, and the position to continue from when
 * there is more: {@code nextAfter}, and in a list sorted by something else than insertion the sort
 * key of the last item, {@code nextKey} (see {@link PageRequest}).
 */
public record Page<T>(List<T> items, long totalCount, Long nextAfter, String nextKey) {
  public Page(List<T> items, long totalCount, Long nextAfter) {
    this(items, totalCount, nextAfter, null);
  }

  public boolean hasNext() {
    return nextAfter != null;
  }

  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), totalCount, nextAfter, nextKey);
  }
}
