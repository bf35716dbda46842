package io.imprint.core.domain.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.catalog.Catalog;
import org.junit.jupiter.api.Test;

class VolumeRulesTest {
  @Test
  void the_largest_boot_volume_is_the_largest_any_profile_of_the_catalog_allows() {
    var largest =
        new Catalog()
            .volumeProfiles().stream().mapToInt(VolumeRules::bootMaxGb).max().orElseThrow();
    assertThat(VolumeRules.BOOT_LARGEST_GB).isEqualTo(largest);
  }
}
