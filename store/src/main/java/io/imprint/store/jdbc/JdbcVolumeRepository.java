package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeFilter;
import io.imprint.core.port.VolumeRepository;
import java.util.List;

final class JdbcVolumeRepository extends JdbcDocRepository<Volume, VolumeFilter>
    implements VolumeRepository {
  static final DocTable<Volume> TABLE =
      new DocTable<>(
          "volumes",
          Volume.class,
          Volume::id,
          Volume::version,
          List.of(
              column("name", Volume::name),
              column("zone", Volume::zone),
              column("resource_group_id", Volume::resourceGroupId),
              column("encryption", Volume::encryption),
              column("operating_system_name", Volume::operatingSystemName),
              column("tags", v -> tagsColumn(v.userTags()))),
          List.of(DocTable.uniqueName("volume")));

  private static final String ATTACHED =
      "EXISTS (SELECT 1 FROM volume_attachments a WHERE a.volume_id = volumes.id)";
  private static final char LIKE_ESCAPE = '\\';

  JdbcVolumeRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  protected Where where(VolumeFilter filter) {
    if (filter == null) {
      return Where.all();
    }
    var where =
        Where.all()
            .eqIfSet("name", filter.name())
            .eqIfSet("zone", filter.zone())
            .eqIfSet("encryption", filter.encryption())
            .inIfSet("operating_system_name", filter.operatingSystemNames());
    if (filter.attachmentState() != null) {
      where =
          switch (filter.attachmentState()) {
            case "attached" -> where.and(ATTACHED);
            case "unattached" -> where.and("NOT " + ATTACHED);
            default ->
                throw new IllegalArgumentException(
                    "unknown attachment state: " + filter.attachmentState());
          };
    }
    if (filter.tag() != null) {
      where =
          where.and(
              "tags LIKE ? ESCAPE '" + LIKE_ESCAPE + "'", "%|" + escapeLike(filter.tag()) + "|%");
    }
    return where;
  }

  /** Tags as {@code |t1|t2|}, so that one tag matches {@code %|tag|%} and never part of another. */
  static String tagsColumn(List<String> tags) {
    return tags == null || tags.isEmpty() ? "|" : "|" + String.join("|", tags) + "|";
  }

  /** The tag as a literal inside a LIKE pattern. */
  static String escapeLike(String value) {
    var out = new StringBuilder(value.length() + 8);
    for (char c : value.toCharArray()) {
      if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
        out.append(LIKE_ESCAPE);
      }
      out.append(c);
    }
    return out.toString();
  }
}
