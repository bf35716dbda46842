package io.imprint.core.domain.region;

import io.imprint.core.domain.common.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The one region an Imprint deployment serves, with its zones. IBM prefixes regional ids with a
 * region code ({@code r006-} for us-south) and zonal ids with a zone code ({@code 0717_}); the
 * codes of us-south are IBM's own, the others follow the same scheme so that ids keep IBM's shape.
 */
public record Region(String name, String code, List<Zone> zones) {

  /** Regions Imprint accepts in its configuration, with their id prefix codes. */
  public static final Map<String, String> KNOWN =
      Map.ofEntries(
          Map.entry("us-south", "r006"),
          Map.entry("us-east", "r014"),
          Map.entry("eu-de", "r010"),
          Map.entry("eu-gb", "r018"),
          Map.entry("eu-es", "r050"),
          Map.entry("jp-tok", "r022"),
          Map.entry("jp-osa", "r034"),
          Map.entry("au-syd", "r026"),
          Map.entry("ca-tor", "r038"),
          Map.entry("ca-mon", "r058"),
          Map.entry("br-sao", "r042"));

  /**
   * Builds a region whose zones are named {@code <region>-1..n}, coded as IBM codes us-south's
   * (0717, 0727, …).
   */
  public static Region of(String name, int zoneCount) {
    var code = KNOWN.get(name);
    if (code == null) {
      throw new IllegalArgumentException(
          "unknown region " + name + "; known: " + String.join(", ", KNOWN.keySet()));
    }
    int base = name.equals("us-south") ? 717 : 700 + Integer.parseInt(code.substring(1)) * 10;
    var zones =
        IntStream.rangeClosed(1, zoneCount)
            .mapToObj(
                i -> new Zone(name + "-" + i, String.format("%04d", base + (i - 1) * 10), name))
            .toList();
    return new Region(name, code, zones);
  }

  public Optional<Zone> zone(String zoneName) {
    return zones.stream().filter(z -> z.name().equals(zoneName)).findFirst();
  }

  public Zone requireZone(String zoneName) {
    return zone(zoneName).orElseThrow(() -> ApiException.notFound("Zone", zoneName));
  }
}
