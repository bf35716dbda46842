package io.imprint.store.jdbc;

import static io.imprint.store.jdbc.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A data dir written before user tags had their own table (migration 14) keeps each volume's tags:
 * the volume's document gets its {@code userTags} back as the older Imprint wrote them, the
 * migration is marked as not applied, and the store is opened again.
 */
abstract class TagsMigrationTest {
  private static final int TAGS_MIGRATION = 14;
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
  void a_volumes_tags_kept_in_its_document_become_its_user_tags_in_lower_case() throws Exception {
    store = openStore();
    var volume = volume().build();
    store.write(
        (Tx tx) -> {
          tx.volumes().insert(volume);
          return null;
        });
    store.close();
    store = null;

    try (var c = connect()) {
      c.setAutoCommit(true);
      String doc;
      try (var read = c.prepareStatement("SELECT doc FROM volumes WHERE id = ?")) {
        read.setString(1, volume.id());
        try (var rs = read.executeQuery()) {
          rs.next();
          doc = rs.getString(1);
        }
      }
      var node = (ObjectNode) MAPPER.readTree(doc);
      ((ObjectNode) node.get("placement")).putArray("userTags").add("Env:Prod").add("web");
      try (var update = c.prepareStatement("UPDATE volumes SET doc = ? WHERE id = ?")) {
        update.setString(1, MAPPER.writeValueAsString(node));
        update.setString(2, volume.id());
        update.executeUpdate();
      }
      MigrationReplay.forgetFrom(c, TAGS_MIGRATION);
    }

    store = openStore();
    assertThat(store.read((Tx tx) -> tx.tags().tagsOf(TaggedResource.volume(volume.id()))))
        .containsExactly(new TagName("env:prod"), new TagName("web"));
    assertThat(store.read((Tx tx) -> tx.volumes().get(volume.id()))).contains(volume);
    try (var c = connect();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT doc FROM volumes")) {
      rs.next();
      assertThat(rs.getString(1)).doesNotContain("userTags");
    }
  }
}
