package io.imprint.core.domain.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * When the provider deprecates and retires each stock image, as IBM's catalog does: per family and
 * architecture the newest version has no dates; an older version is deprecated from the day its
 * successor was released, and obsolete from the first day after its vendor's support ended (the end
 * of standard or LTS support, not of paid extended support). The dates are fixed, real ones
 * (docs/lifecycle.md#the-stock-catalog gives their sources); which of them have passed is the
 * clock's business, so the statuses follow the server's clock through the ordinary lifecycle.
 */
final class StockCatalog {
  /** Operating system → {deprecation_at, obsolescence_at}, in UTC. */
  private static final Map<String, List<String>> RETIRED =
      Map.of(
          // 24.04 released 2024-04-25; standard support ends with May 2027 ("June 2027")
          "ubuntu-22-04-amd64", List.of("2024-04-25", "2027-06-01"),
          "ubuntu-22-04-s390x", List.of("2024-04-25", "2027-06-01"),
          // 22.04 released 2022-04-21; standard support ended 2025-05-31
          "ubuntu-20-04-amd64", List.of("2022-04-21", "2025-06-01"),
          // 12 released 2023-06-10; Debian LTS ended 2026-08-31
          "debian-11-amd64", List.of("2023-06-10", "2026-09-01"),
          // Stream 9 released 2021-12-03; Stream 8 ended 2024-05-31
          "centos-stream-8-amd64", List.of("2021-12-03", "2024-06-01"),
          // RHEL 9 GA 2022-05-18; maintenance support ends 2029-05-31
          "rhel-8-amd64", List.of("2022-05-18", "2029-06-01"),
          // Rocky 9 released 2022-07-14; Rocky 8 ends 2029-05-31
          "rocky-linux-8-amd64", List.of("2022-07-14", "2029-06-01"),
          // Windows Server 2022 GA 2021-08-18; extended support ends 2029-01-09
          "windows-2019-amd64", List.of("2021-08-18", "2029-01-10"));

  private StockCatalog() {}

  /** The stock image of each operating system, in the catalog's order. */
  static List<StockImage> of(List<OperatingSystem> operatingSystems) {
    var unknown =
        RETIRED.keySet().stream()
            .filter(name -> operatingSystems.stream().noneMatch(os -> os.name().equals(name)))
            .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("stock dates for no catalog operating system: " + unknown);
    }
    return operatingSystems.stream()
        .map(
            os -> {
              var dates = RETIRED.get(os.name());
              return dates == null
                  ? new StockImage(os, null, null)
                  : new StockImage(os, day(dates.get(0)), day(dates.get(1)));
            })
        .toList();
  }

  private static Instant day(String date) {
    return Instant.parse(date + "T00:00:00Z");
  }
}
