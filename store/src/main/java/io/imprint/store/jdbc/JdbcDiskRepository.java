package io.imprint.store.jdbc;

import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.DiskRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Disks, chunk maps and blob reference counts. Every statement that adds or removes chunk entries
 * adjusts {@code blobs.refs} in the same transaction, counting per blob, so a blob shared by
 * several chunks of one disk is counted right.
 */
final class JdbcDiskRepository implements DiskRepository {
  private final Sql sql;

  JdbcDiskRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insertDisk(Disk disk) {
    sql.update(
        "INSERT INTO disks (id, capacity_bytes, data_key_id, created_at) VALUES (?, ?, ?, ?)",
        List.of(
            disk.id(), disk.capacityBytes(), disk.dataKeyId(), disk.createdAt().toEpochMilli()));
  }

  @Override
  public Optional<Disk> getDisk(String id) {
    return sql
        .query(
            "SELECT id, capacity_bytes, data_key_id, created_at FROM disks WHERE id = ?",
            List.of(id),
            row ->
                new Disk(
                    row.getString(1),
                    row.getLong(2),
                    row.getString(3),
                    Instant.ofEpochMilli(row.getLong(4))))
        .stream()
        .findFirst();
  }

  @Override
  public void updateCapacity(String id, long capacityBytes) {
    sql.update("UPDATE disks SET capacity_bytes = ? WHERE id = ?", List.of(capacityBytes, id));
  }

  @Override
  public void deleteDisk(String id) {
    clearChunksFrom(id, 0);
    sql.update("DELETE FROM disks WHERE id = ?", List.of(id));
  }

  @Override
  public List<ChunkRef> chunks(String diskId, long from, long to) {
    return sql.query(
        "SELECT c.chunk_index, c.blob_id, c.sha256, c.length, b.data_key_id FROM disk_chunks c JOIN blobs b ON b.id = c.blob_id"
            + " WHERE c.disk_id = ? AND c.chunk_index >= ? AND c.chunk_index < ? ORDER BY c.chunk_index",
        List.of(diskId, from, to),
        row ->
            new ChunkRef(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getInt(4),
                row.getString(5)));
  }

  @Override
  public long[] chunkStats(String diskId) {
    return sql.query(
            "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM disk_chunks WHERE disk_id = ?",
            List.of(diskId),
            row -> new long[] {row.getLong(1), row.getLong(2)})
        .getFirst();
  }

  @Override
  public void reserveBlob(String blobId, String dataKeyId, Instant at) {
    sql.update(
        "INSERT INTO blobs (id, data_key_id, state, refs, reserved_at) VALUES (?, ?, 'pending', 0, ?)",
        List.of(blobId, dataKeyId, at.toEpochMilli()));
  }

  @Override
  public void putChunk(String diskId, long index, String blobId, String sha256, int length) {
    var old =
        sql.query(
            "SELECT blob_id FROM disk_chunks WHERE disk_id = ? AND chunk_index = ?",
            List.of(diskId, index),
            row -> row.getString(1));
    if (old.isEmpty()) {
      sql.update(
          "INSERT INTO disk_chunks (disk_id, chunk_index, blob_id, sha256, length) VALUES (?, ?, ?, ?, ?)",
          List.of(diskId, index, blobId, sha256, length));
    } else {
      sql.update(
          "UPDATE disk_chunks SET blob_id = ?, sha256 = ?, length = ? WHERE disk_id = ? AND chunk_index = ?",
          List.of(blobId, sha256, length, diskId, index));
      sql.update("UPDATE blobs SET refs = refs - 1 WHERE id = ?", List.of(old.getFirst()));
    }
    int live =
        sql.update(
            "UPDATE blobs SET state = 'live', refs = refs + 1 WHERE id = ?", List.of(blobId));
    if (live != 1) {
      throw new StoreException("blob " + blobId + " was not reserved", null);
    }
  }

  @Override
  public void clearChunk(String diskId, long index) {
    sql.update(
        "UPDATE blobs SET refs = refs - 1 WHERE id IN (SELECT blob_id FROM disk_chunks WHERE disk_id = ? AND chunk_index = ?)",
        List.of(diskId, index));
    sql.update(
        "DELETE FROM disk_chunks WHERE disk_id = ? AND chunk_index = ?", List.of(diskId, index));
  }

  @Override
  public void clearChunksFrom(String diskId, long fromIndex) {
    // counted per blob with one grouped scan of the disk's chunks, then one update per blob: a
    // correlated COUNT per
    // blob lets SQLite without statistics rescan the disk for every blob (minutes for a full 100 GB
    // disk)
    var released =
        sql.query(
            "SELECT blob_id, COUNT(*) FROM disk_chunks WHERE disk_id = ? AND chunk_index >= ? GROUP BY blob_id",
            List.of(diskId, fromIndex),
            row -> new Object[] {row.getString(1), row.getLong(2)});
    for (var blob : released) {
      sql.update("UPDATE blobs SET refs = refs - ? WHERE id = ?", List.of(blob[1], blob[0]));
    }
    sql.update(
        "DELETE FROM disk_chunks WHERE disk_id = ? AND chunk_index >= ?",
        List.of(diskId, fromIndex));
  }

  @Override
  public void cloneDisk(String sourceId, Disk target) {
    insertDisk(target);
    sql.update(
        "INSERT INTO disk_chunks (disk_id, chunk_index, blob_id, sha256, length)"
            + " SELECT ?, chunk_index, blob_id, sha256, length FROM disk_chunks WHERE disk_id = ?",
        List.of(target.id(), sourceId));
    sql.update(
        "UPDATE blobs SET refs = refs + (SELECT COUNT(*) FROM disk_chunks c WHERE c.blob_id = blobs.id AND c.disk_id = ?)"
            + " WHERE id IN (SELECT blob_id FROM disk_chunks WHERE disk_id = ?)",
        List.of(target.id(), target.id()));
  }

  @Override
  public List<String> unreferencedBlobs(int limit) {
    return sql.query(
        "SELECT id FROM blobs WHERE state = 'live' AND refs <= 0 LIMIT ?",
        List.of(limit),
        row -> row.getString(1));
  }

  @Override
  public List<String> pendingBlobs(Instant reservedBefore, int limit) {
    return sql.query(
        "SELECT id FROM blobs WHERE state = 'pending' AND reserved_at < ? LIMIT ?",
        List.of(reservedBefore.toEpochMilli(), limit),
        row -> row.getString(1));
  }

  @Override
  public void deleteBlobs(Collection<String> ids) {
    if (!ids.isEmpty()) {
      sql.update(
          "DELETE FROM blobs WHERE id IN (" + placeholders(ids.size()) + ")", List.copyOf(ids));
    }
  }

  @Override
  public Set<String> knownBlobs(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        sql.query(
            "SELECT id FROM blobs WHERE id IN (" + placeholders(ids.size()) + ")",
            List.copyOf(ids),
            row -> row.getString(1)));
  }

  @Override
  public void insertDataKey(DataKey key) {
    sql.update(
        "INSERT INTO data_keys (id, root_key, wrapped, created_at) VALUES (?, ?, ?, ?)",
        List.of(key.id(), key.rootKey(), key.wrapped(), key.createdAt().toEpochMilli()));
  }

  @Override
  public Optional<DataKey> getDataKey(String id) {
    return sql
        .query(
            "SELECT id, root_key, wrapped, created_at FROM data_keys WHERE id = ?",
            List.of(id),
            row ->
                new DataKey(
                    row.getString(1),
                    row.getString(2),
                    row.getBytes(3),
                    Instant.ofEpochMilli(row.getLong(4))))
        .stream()
        .findFirst();
  }

  @Override
  public List<DataKey> dataKeysWrappedBy(String rootKey, String afterId, int limit) {
    return sql.query(
        "SELECT id, root_key, wrapped, created_at FROM data_keys WHERE root_key = ? AND id > ?"
            + " ORDER BY id LIMIT ?",
        List.of(rootKey, afterId == null ? "" : afterId, limit),
        row ->
            new DataKey(
                row.getString(1),
                row.getString(2),
                row.getBytes(3),
                Instant.ofEpochMilli(row.getLong(4))));
  }

  @Override
  public long countDataKeysWrappedBy(String rootKey) {
    return sql.count("SELECT COUNT(*) FROM data_keys WHERE root_key = ?", List.of(rootKey));
  }

  @Override
  public boolean rewrapDataKey(String id, byte[] expected, byte[] wrapped) {
    return sql.update(
            "UPDATE data_keys SET wrapped = ? WHERE id = ? AND wrapped = ?",
            List.of(wrapped, id, expected))
        == 1;
  }

  @Override
  public long destroyDataKeysWrappedBy(String rootKey) {
    // an empty wrapping, not a null one: the column stays NOT NULL, and nothing unwraps it
    return sql.update(
        "UPDATE data_keys SET wrapped = ? WHERE root_key = ? AND wrapped <> ?",
        List.of(new byte[0], rootKey, new byte[0]));
  }

  /** {@code ?, ?, …}: only the count of placeholders is built from input, never a value. */
  private static String placeholders(int n) {
    return IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
  }
}
