package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.Fixtures.GROUP;
import static io.imprint.store.jdbc.Fixtures.image;
import static io.imprint.store.jdbc.Fixtures.instance;
import static io.imprint.store.jdbc.Fixtures.subnet;
import static io.imprint.store.jdbc.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.port.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A data dir written before records were split into parts (migration 10) opens with every image,
 * volume, instance and subnet as it was: the documents are flattened here as the older Imprint
 * wrote them, the migration is marked as not applied, and the store is opened again.
 */
abstract class RecordPartsMigrationTest {
  private static final int PARTS_MIGRATION = 10;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, List<String>> PARTS =
      Map.of(
          "images", List.of("state", "owner", "file", "origin"),
          "volumes", List.of("spec", "placement", "content", "state"),
          "instances", List.of("placement", "state"),
          "subnets", List.of("network"));

  protected JdbcStore store;

  protected abstract JdbcStore openStore();

  /** A connection to the store's database, outside the store. */
  protected abstract Connection connect() throws SQLException;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void a_store_written_before_records_had_parts_reads_the_same_records_once_migrated()
      throws Exception {
    store = openStore();
    var image = image().build();
    var volume = volume().operatingSystemName("debian-12-amd64").build();
    var instance = instance().build();
    var subnet = subnet(Fixtures.regionalId(), Fixtures.ZONE, GROUP);
    store.write(
        tx -> {
          tx.images().insert(image);
          tx.volumes().insert(volume);
          tx.instances().insert(instance);
          tx.subnets().insert(subnet);
          return null;
        });
    store.close();
    store = null;

    try (var c = connect()) {
      c.setAutoCommit(true);
      for (var table : PARTS.keySet()) {
        flattenDocuments(c, table, PARTS.get(table));
      }
      // migration 10 and every later one forgotten: they run again, as on a store from before 10
      MigrationReplay.forgetFrom(c, PARTS_MIGRATION);
    }

    store = openStore();
    assertThat(store.read((Tx tx) -> tx.images().get(image.id()))).contains(image);
    assertThat(store.read((Tx tx) -> tx.volumes().get(volume.id()))).contains(volume);
    assertThat(store.read((Tx tx) -> tx.instances().get(instance.id()))).contains(instance);
    assertThat(store.read((Tx tx) -> tx.subnets().get(subnet.id()))).contains(subnet);
    try (var c = connect();
        var read = c.prepareStatement("SELECT created_at FROM images WHERE id = ?")) {
      read.setString(1, image.id());
      try (var rs = read.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1))
            .as("migration 16 took the sort key from the document's creation date")
            .isEqualTo(image.createdAt().toEpochMilli());
      }
    }
  }

  /** Each part's fields back at the top level of {@code doc}, as before migration 10. */
  private static void flattenDocuments(Connection c, String table, List<String> parts)
      throws Exception {
    var rows = new ArrayList<String[]>();
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT id, doc FROM " + table)) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    assertThat(rows).as(table).isNotEmpty();
    for (var row : rows) {
      var doc = (ObjectNode) MAPPER.readTree(row[1]);
      for (var part : parts) {
        assertThat(doc.has(part)).as(table + " doc has " + part).isTrue();
        var fields = (ObjectNode) doc.remove(part);
        doc.setAll(fields);
      }
      try (var update = c.prepareStatement("UPDATE " + table + " SET doc = ? WHERE id = ?")) {
        update.setString(1, MAPPER.writeValueAsString(doc));
        update.setString(2, row[0]);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }
  }
}
