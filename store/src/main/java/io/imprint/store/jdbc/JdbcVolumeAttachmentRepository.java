package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.DocTable.column;

import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.VolumeAttachmentRepository;
import java.util.List;
import java.util.Optional;

/**
 * Attachments; the schema's unique keys make "a volume is attached at most once" hold against
 * racing writers.
 */
final class JdbcVolumeAttachmentRepository implements VolumeAttachmentRepository {
  static final DocTable<VolumeAttachment> TABLE =
      new DocTable<>(
          "volume_attachments",
          VolumeAttachment.class,
          VolumeAttachment::id,
          VolumeAttachment::version,
          List.of(
              column("instance_id", VolumeAttachment::instanceId),
              column("volume_id", VolumeAttachment::volumeId),
              column("name", VolumeAttachment::name)),
          List.of(
              new Sql.UniqueKey(
                  List.of("volume_id"),
                  e -> new VolumeInUseException("the volume is already attached", e)),
              new Sql.UniqueKey(
                  List.of("instance_id", "name"),
                  e ->
                      new DuplicateNameException(
                          "the instance already has a volume attachment of this name", e))));

  private final Sql sql;

  JdbcVolumeAttachmentRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(VolumeAttachment attachment) {
    TABLE.insert(sql, attachment);
  }

  @Override
  public boolean update(VolumeAttachment attachment) {
    return TABLE.update(sql, attachment);
  }

  @Override
  public boolean delete(String id, long expectedVersion) {
    return TABLE.delete(sql, id, expectedVersion);
  }

  @Override
  public Optional<VolumeAttachment> get(String id) {
    return TABLE.find(sql, Where.all().eq("id", id));
  }

  @Override
  public Optional<VolumeAttachment> findByVolume(String volumeId) {
    return TABLE.find(sql, Where.all().eq("volume_id", volumeId));
  }

  @Override
  public List<VolumeAttachment> listByInstance(String instanceId) {
    return TABLE.list(sql, Where.all().eq("instance_id", instanceId));
  }
}
