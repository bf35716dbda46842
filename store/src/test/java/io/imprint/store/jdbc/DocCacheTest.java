package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DocCacheTest {
  private final DocCache<String> cache = new DocCache<>(DocCache.SLOTS);

  @Test
  void a_record_read_once_is_not_kept() {
    cache.put("image-1", 1, "parsed");
    assertThat(cache.get("image-1", 1)).isNull();
  }

  @Test
  void a_record_read_again_is_kept_from_its_second_read() {
    cache.put("image-1", 1, "parsed");
    cache.put("image-1", 1, "parsed");
    assertThat(cache.get("image-1", 1)).isEqualTo("parsed");
  }

  @Test
  void a_kept_record_whose_version_changed_misses_and_its_new_version_is_kept_at_once() {
    cache.put("image-1", 1, "v1");
    cache.put("image-1", 1, "v1");
    assertThat(cache.get("image-1", 2)).isNull();
    cache.put("image-1", 2, "v2");
    assertThat(cache.get("image-1", 2)).isEqualTo("v2");
    assertThat(cache.get("image-1", 1)).isNull();
  }

  @Test
  void reads_that_never_come_back_leave_nothing_behind() {
    IntStream.range(0, 50_000).forEach(i -> cache.put("image-" + i, 1, "parsed " + i));
    assertThat(IntStream.range(0, 50_000).filter(i -> cache.get("image-" + i, 1) != null))
        .isEmpty();
  }

  @Test
  void a_page_read_again_and_again_is_served_from_the_cache() {
    for (int round = 0; round < 2; round++) {
      IntStream.range(0, 100).forEach(i -> cache.put("image-" + i, 1, "parsed " + i));
    }
    long kept = IntStream.range(0, 100).filter(i -> cache.get("image-" + i, 1) != null).count();
    // a collision in the direct-mapped slots may cost one of them
    assertThat(kept).isGreaterThanOrEqualTo(95);
  }
}
