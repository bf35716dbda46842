package io.imprint.core.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The stock catalog: one image per operating system, the newest of each family without dates. */
class CatalogTest {
  final Catalog catalog = new Catalog();

  @Test
  void every_operating_system_has_one_stock_image_with_a_name_as_ibm_gives_it() {
    assertThat(catalog.stockImages()).hasSameSizeAs(catalog.operatingSystems());
    assertThat(catalog.stockImages())
        .extracting(StockImage::name)
        .doesNotHaveDuplicates()
        .contains("ibm-ubuntu-24-04-minimal-amd64-1", "ibm-ubuntu-22-04-minimal-s390x-1");
  }

  @Test
  void per_family_and_architecture_only_the_newest_version_has_no_dates() {
    var undated =
        catalog.stockImages().stream()
            .filter(s -> s.deprecationAt() == null)
            .collect(
                Collectors.groupingBy(
                    s -> s.operatingSystem().family() + "/" + s.operatingSystem().architecture(),
                    Collectors.mapping(s -> s.operatingSystem().name(), Collectors.toList())));
    var families =
        catalog.operatingSystems().stream()
            .map(os -> os.family() + "/" + os.architecture())
            .collect(Collectors.toSet());
    assertThat(undated.keySet()).isEqualTo(families);
    assertThat(undated.values()).allMatch(names -> names.size() == 1);
    assertThat(undated.get("Ubuntu Linux/amd64")).containsExactly("ubuntu-24-04-amd64");
    assertThat(undated.get("Debian GNU/Linux/amd64")).containsExactly("debian-12-amd64");
  }

  @Test
  void an_older_version_is_deprecated_before_it_is_retired() {
    assertThat(catalog.stockImages())
        .filteredOn(s -> s.deprecationAt() != null)
        .isNotEmpty()
        .allMatch(
            s -> s.obsolescenceAt() != null && s.deprecationAt().isBefore(s.obsolescenceAt()));
  }
}
