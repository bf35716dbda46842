package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.Tx;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of Key Protect's rows (root keys, versions, registrations) and of data keys read and
 * rewrapped by root key, run against every database like {@link StoreContractTest}.
 */
abstract class KeyStoreContractTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final String INSTANCE = "e4a29d1a-2ef0-42a6-8fd2-350deb1c647e";
  static final String OTHER_INSTANCE = "0b1f4e2c-0000-4000-8000-000000000001";

  protected JdbcStore store;

  protected abstract JdbcStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_key_reads_back_and_lists_in_its_instance_oldest_first() {
    var first = key("k-1", INSTANCE, T0);
    var second = key("k-2", INSTANCE, T0.plusSeconds(1));
    var elsewhere = key("k-3", OTHER_INSTANCE, T0);
    inWrite(
        tx -> {
          tx.keys().insert(second);
          tx.keys().insert(first);
          tx.keys().insert(elsewhere);
        });

    assertThat(store.read((Tx tx) -> tx.keys().get("k-1"))).contains(first);
    assertThat(store.read((Tx tx) -> tx.keys().list(INSTANCE, 0, 10)))
        .containsExactly(first, second);
    assertThat(store.read((Tx tx) -> tx.keys().list(INSTANCE, 1, 10))).containsExactly(second);
    assertThat(store.read((Tx tx) -> tx.keys().count(INSTANCE))).isEqualTo(2);
    assertThat(store.read((Tx tx) -> tx.keys().get("nothing"))).isEmpty();
  }

  @Test
  void a_state_change_is_a_compare_and_set_on_version_and_state() {
    var key = key("k-1", INSTANCE, T0);
    inWrite(tx -> tx.keys().insert(key));
    var disabled = key.moved(KeyState.SUSPENDED, T0.plusSeconds(5), "IBMid-x");

    assertThat(store.write((Tx tx) -> tx.keys().update(disabled, KeyState.ACTIVE))).isTrue();
    assertThat(store.write((Tx tx) -> tx.keys().update(disabled, KeyState.ACTIVE)))
        .as("a stale version")
        .isFalse();
    var read = store.read((Tx tx) -> tx.keys().get("k-1")).orElseThrow();
    assertThat(read.state()).isEqualTo(KeyState.SUSPENDED);
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.dates().updatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void a_destroyed_key_leaves_the_list_keeps_its_metadata_and_loses_its_material() {
    var key = key("k-1", INSTANCE, T0);
    inWrite(
        tx -> {
          tx.keys().insert(key);
          tx.keys().insertVersion(new KeyVersion("k-1", 1, "v-1", T0, new byte[] {1, 2, 3}));
          tx.keys().insertVersion(new KeyVersion("k-1", 2, "v-2", T0, new byte[] {4, 5, 6}));
        });
    var destroyed = key.moved(KeyState.DESTROYED, T0.plusSeconds(9), "IBMid-x");
    inWrite(
        tx -> {
          assertThat(tx.keys().update(destroyed, KeyState.ACTIVE)).isTrue();
          tx.keys().destroyMaterial("k-1");
        });

    assertThat(store.read((Tx tx) -> tx.keys().list(INSTANCE, 0, 10))).isEmpty();
    assertThat(store.read((Tx tx) -> tx.keys().count(INSTANCE))).isZero();
    var read = store.read((Tx tx) -> tx.keys().get("k-1")).orElseThrow();
    assertThat(read.dates().deletedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(read.dates().deletedBy()).isEqualTo("IBMid-x");
    var versions = store.read((Tx tx) -> tx.keys().versions("k-1"));
    assertThat(versions).extracting(KeyVersion::id).containsExactly("v-1", "v-2");
    assertThat(versions).allSatisfy(v -> assertThat(v.sealed()).isNull());
  }

  @Test
  void versions_read_back_in_order_with_their_sealed_material() {
    inWrite(
        tx -> {
          tx.keys().insert(key("k-1", INSTANCE, T0));
          tx.keys().insertVersion(new KeyVersion("k-1", 2, "v-2", T0.plusSeconds(1), bytes(7)));
          tx.keys().insertVersion(new KeyVersion("k-1", 1, "v-1", T0, bytes(3)));
        });
    var versions = store.read((Tx tx) -> tx.keys().versions("k-1"));
    assertThat(versions).extracting(KeyVersion::number).containsExactly(1, 2);
    assertThat(versions.get(1).sealed()).isEqualTo(bytes(7));
    assertThat(versions.get(1).createdAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void registering_a_resource_twice_is_one_registration_and_unregistering_removes_it() {
    inWrite(tx -> tx.keys().insert(key("k-1", INSTANCE, T0)));
    var registration = new Registration("k-1", "crn:v1:…:volume:r006-b", T0, "IBMid-x");

    assertThat(store.write((Tx tx) -> tx.keys().register(registration))).isTrue();
    assertThat(store.write((Tx tx) -> tx.keys().register(registration))).isFalse();
    assertThat(
            store.write(
                (Tx tx) ->
                    tx.keys().register(new Registration("k-1", "crn:v1:…:image:r006-a", T0, null))))
        .isTrue();
    assertThat(store.read((Tx tx) -> tx.keys().registrations("k-1")))
        .extracting(Registration::resourceCrn)
        .containsExactly("crn:v1:…:image:r006-a", "crn:v1:…:volume:r006-b");

    assertThat(store.write((Tx tx) -> tx.keys().unregister("k-1", "crn:v1:…:volume:r006-b")))
        .isTrue();
    assertThat(store.write((Tx tx) -> tx.keys().unregister("k-1", "crn:v1:…:volume:r006-b")))
        .isFalse();
    assertThat(store.read((Tx tx) -> tx.keys().registrations("k-1"))).hasSize(1);
  }

  @Test
  void data_keys_page_by_root_key_and_rewrap_only_from_the_wrapping_expected() {
    inWrite(
        tx -> {
          for (int i = 1; i <= 3; i++) {
            tx.disks().insertDataKey(new DataKey("dk-" + i, "crn:key-a", bytes(i), T0));
          }
          tx.disks().insertDataKey(new DataKey("dk-9", "master", bytes(9), T0));
        });

    assertThat(store.read((Tx tx) -> tx.disks().countDataKeysWrappedBy("crn:key-a"))).isEqualTo(3);
    assertThat(store.read((Tx tx) -> tx.disks().dataKeysWrappedBy("crn:key-a", null, 2)))
        .extracting(DataKey::id)
        .containsExactly("dk-1", "dk-2");
    assertThat(store.read((Tx tx) -> tx.disks().dataKeysWrappedBy("crn:key-a", "dk-2", 2)))
        .extracting(DataKey::id)
        .containsExactly("dk-3");

    assertThat(store.write((Tx tx) -> tx.disks().rewrapDataKey("dk-1", bytes(1), bytes(11))))
        .isTrue();
    assertThat(store.write((Tx tx) -> tx.disks().rewrapDataKey("dk-1", bytes(1), bytes(12))))
        .as("rewrapped meanwhile")
        .isFalse();
    assertThat(store.read((Tx tx) -> tx.disks().getDataKey("dk-1")).orElseThrow().wrapped())
        .isEqualTo(bytes(11));

    assertThat(store.write((Tx tx) -> tx.disks().destroyDataKeysWrappedBy("crn:key-a")))
        .isEqualTo(3);
    assertThat(store.read((Tx tx) -> tx.disks().dataKeysWrappedBy("crn:key-a", null, 10)))
        .allSatisfy(k -> assertThat(k.wrapped()).isEmpty());
    assertThat(store.read((Tx tx) -> tx.disks().getDataKey("dk-9")).orElseThrow().wrapped())
        .as("another root key's data key")
        .isEqualTo(bytes(9));
    assertThat(store.write((Tx tx) -> tx.disks().destroyDataKeysWrappedBy("crn:key-a")))
        .as("already destroyed")
        .isZero();
  }

  private static RootKey key(String id, String instance, Instant at) {
    return new RootKey(
        id,
        instance,
        "name-" + id,
        "a description",
        KeyState.ACTIVE,
        false,
        new RootKey.Dates(at, "IBMid-creator", at, null, null, null),
        0);
  }

  private static byte[] bytes(int n) {
    var bytes = new byte[n + 4];
    bytes[0] = (byte) n;
    return bytes;
  }

  private void inWrite(Consumer<Tx> work) {
    store.write(
        (Tx tx) -> {
          work.accept(tx);
          return null;
        });
  }
}
