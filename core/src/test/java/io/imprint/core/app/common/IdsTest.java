package io.imprint.core.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.region.Region;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class IdsTest {
  private final Ids ids = new Ids(Region.of("us-south", 3), RandomGenerator.of("L64X128MixRandom"));

  @Test
  void time_ordered_uuids_are_version_7_unique_and_sort_by_their_time() {
    var start = Instant.parse("2026-03-01T10:00:00Z");
    var made = new ArrayList<String>();
    for (int i = 0; i < 1000; i++) {
      made.add(ids.timeOrderedUuid(start.plusMillis(i)));
    }
    assertThat(new HashSet<>(made)).hasSize(1000);
    assertThat(made).isSorted();
    var uuid = UUID.fromString(made.getFirst());
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(start.toEpochMilli());
  }
}
