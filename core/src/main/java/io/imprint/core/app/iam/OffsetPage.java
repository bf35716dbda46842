package io.imprint.core.app.iam;

import java.util.List;

/**
 * One page of an IAM list, paged as IBM's IAM APIs page theirs: by an offset and a page size,
 * rather than the VPC API's opaque {@code start}. {@code totalCount} is -1 where the API shows none
 * (IAM Identity's lists).
 */
public record OffsetPage<T>(List<T> items, long offset, int limit, long totalCount) {
  public OffsetPage {
    items = List.copyOf(items);
  }

  /** Whether more items may follow this page. */
  public boolean hasMore() {
    return totalCount < 0 ? items.size() == limit : offset + items.size() < totalCount;
  }
}
