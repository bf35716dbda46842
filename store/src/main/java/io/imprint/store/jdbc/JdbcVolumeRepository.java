package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.tag.TaggedResource;
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
              // no longer read: user tags moved to user_tags (migration 14), and SQLite cannot
              // drop a column in a migration that must run twice unharmed
              column("tags", v -> "|")),
          List.of(DocTable.uniqueName("volume")));

  private static final String ATTACHED =
      "EXISTS (SELECT 1 FROM volume_attachments a WHERE a.volume_id = volumes.id)";

  JdbcVolumeRepository(Sql sql) {
    super(sql, TABLE);
  }

  @Override
  public boolean[] updateStates(List<Volume> volumes) {
    return table.updateAll(sql, volumes, List.of());
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
    return JdbcTagRepository.taggedIfSet(where, TaggedResource.Type.VOLUME, filter.tag());
  }
}
