package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.GroupMember;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.ServiceId;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.Tx;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of IAM management's rows (service IDs, API key details, access groups and their
 * members), run against every database like {@link StoreContractTest}.
 */
abstract class IamStoreContractTest {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

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
  void a_service_id_reads_back_lists_by_name_and_changes_only_at_its_version() {
    var app = serviceId("ServiceId-b", "billing");
    var other = serviceId("ServiceId-a", "auditor");
    inWrite(
        tx -> {
          tx.iam().insertServiceId(app);
          tx.iam().insertServiceId(other);
        });

    assertThat(read((Tx tx) -> tx.iam().getServiceId(app.iamId()))).contains(app);
    assertThat(read((Tx tx) -> tx.iam().getIdentity(app.iamId())).orElseThrow().kind())
        .isEqualTo(Identity.Kind.SERVICE_ID);
    assertThat(read((Tx tx) -> tx.iam().listServiceIds(null, 0, 10)))
        .extracting(ServiceId::name)
        .containsExactly("auditor", "billing");
    assertThat(read((Tx tx) -> tx.iam().listServiceIds(null, 1, 10)))
        .extracting(ServiceId::name)
        .containsExactly("billing");
    assertThat(read((Tx tx) -> tx.iam().listServiceIds("billing", 0, 10))).containsExactly(app);

    var renamed = app.withNameAndDescription("billing-v2", "", T0.plusSeconds(5));
    assertThat(write((Tx tx) -> tx.iam().updateServiceId(renamed))).isTrue();
    assertThat(write((Tx tx) -> tx.iam().updateServiceId(renamed))).as("stale version").isFalse();
    var read = read((Tx tx) -> tx.iam().getServiceId(app.iamId())).orElseThrow();
    assertThat(read.name()).isEqualTo("billing-v2");
    assertThat(read.description()).isEmpty();
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.modifiedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void deleting_a_service_id_deletes_its_identity_and_its_api_keys() {
    var app = serviceId("ServiceId-1", "app");
    var key = key("ApiKey-1", app.iamId(), "abcdefghijkl");
    inWrite(
        tx -> {
          tx.iam().insertServiceId(app);
          tx.iam().insertApiKeyDetails(key);
        });

    assertThat(write((Tx tx) -> tx.iam().deleteServiceId(app.iamId(), 1))).isFalse();
    assertThat(write((Tx tx) -> tx.iam().deleteServiceId(app.iamId(), 0))).isTrue();

    assertThat(read((Tx tx) -> tx.iam().getServiceId(app.iamId()))).isEmpty();
    assertThat(read((Tx tx) -> tx.iam().getIdentity(app.iamId()))).isEmpty();
    assertThat(read((Tx tx) -> tx.iam().getApiKey("ApiKey-1"))).isEmpty();
    assertThat(read((Tx tx) -> tx.iam().findApiKeyByLookup("abcdefghijkl"))).isEmpty();
  }

  @Test
  void an_api_key_with_details_reads_back_locks_and_deletes_at_its_version() {
    var app = serviceId("ServiceId-1", "app");
    var key = key("ApiKey-1", app.iamId(), "abcdefghijkl");
    var older = key("ApiKey-0", app.iamId(), "abcdefghijk0");
    inWrite(
        tx -> {
          tx.iam().insertServiceId(app);
          tx.iam().insertApiKeyDetails(key);
        });

    assertThat(read((Tx tx) -> tx.iam().getApiKey("ApiKey-1"))).contains(key);
    assertThat(read((Tx tx) -> tx.iam().listApiKeys(app.iamId(), 0, 10))).containsExactly(key);
    assertThat(read((Tx tx) -> tx.iam().listApiKeys("iam-ServiceId-none", 0, 10))).isEmpty();
    assertThat(read((Tx tx) -> tx.iam().listApiKeys(null, 0, 10))).containsExactly(key);

    var locked = key.withLocked(true, T0.plusSeconds(9));
    assertThat(write((Tx tx) -> tx.iam().updateApiKey(locked))).isTrue();
    var read = read((Tx tx) -> tx.iam().getApiKey("ApiKey-1")).orElseThrow();
    assertThat(read.key().locked()).isTrue();
    assertThat(read.key().version()).isEqualTo(1);
    assertThat(read.modifiedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(read((Tx tx) -> tx.iam().findApiKeyByLookup("abcdefghijkl")).orElseThrow().locked())
        .isTrue();

    assertThat(write((Tx tx) -> tx.iam().deleteApiKey("ApiKey-1", 0))).isFalse();
    assertThat(write((Tx tx) -> tx.iam().deleteApiKey("ApiKey-1", 1))).isTrue();
    assertThat(read((Tx tx) -> tx.iam().getApiKey("ApiKey-1"))).isEmpty();
    assertThat(older.id()).isNotEqualTo(key.id());
  }

  @Test
  void a_key_made_without_details_reads_with_none_and_gains_them_on_its_first_change() {
    var admin = new Identity("IBMid-0600000001", Identity.Kind.USER, "admin", ACCOUNT, T0, 0);
    var bare =
        new ApiKey("ApiKey-boot", admin.iamId(), "bootstrap", "bootbootboot", "h", T0, false, 0);
    inWrite(
        tx -> {
          tx.iam().insertIdentity(admin);
          tx.iam().insertApiKey(bare);
        });

    var details = read((Tx tx) -> tx.iam().getApiKey("ApiKey-boot")).orElseThrow();
    assertThat(details.description()).isNull();
    assertThat(details.modifiedAt()).isEqualTo(T0);

    assertThat(
            write(
                (Tx tx) ->
                    tx.iam()
                        .updateApiKey(
                            details.withNameAndDescription(null, "first", T0.plusSeconds(1)))))
        .isTrue();
    assertThat(read((Tx tx) -> tx.iam().getApiKey("ApiKey-boot")).orElseThrow().description())
        .isEqualTo("first");
    assertThat(read((Tx tx) -> tx.iam().identitiesOf(Identity.Kind.USER))).containsExactly(admin);
  }

  @Test
  void an_access_group_reads_back_and_its_name_is_unique() {
    var devs = group("AccessGroupId-1", "developers");
    var ops = group("AccessGroupId-2", "operators");
    inWrite(
        tx -> {
          tx.accessGroups().insert(devs);
          tx.accessGroups().insert(ops);
        });

    assertThat(read((Tx tx) -> tx.accessGroups().get(devs.id()))).contains(devs);
    assertThat(read((Tx tx) -> tx.accessGroups().findByName("operators"))).contains(ops);
    assertThat(read((Tx tx) -> tx.accessGroups().list(0, 1))).containsExactly(devs);
    assertThat(read((Tx tx) -> tx.accessGroups().list(1, 5))).containsExactly(ops);
    assertThat(read((Tx tx) -> tx.accessGroups().count())).isEqualTo(2);
    assertThatThrownBy(() -> inWrite(tx -> tx.accessGroups().insert(group("x", "developers"))))
        .isInstanceOf(DuplicateNameException.class);
    assertThatThrownBy(
            () ->
                write(
                    (Tx tx) ->
                        tx.accessGroups()
                            .update(ops.withNameAndDescription("developers", null, T0))))
        .isInstanceOf(DuplicateNameException.class);

    var described = devs.withNameAndDescription(null, "the builders", T0.plusSeconds(3));
    assertThat(write((Tx tx) -> tx.accessGroups().update(described))).isTrue();
    assertThat(write((Tx tx) -> tx.accessGroups().update(described))).isFalse();
    assertThat(read((Tx tx) -> tx.accessGroups().get(devs.id())).orElseThrow().description())
        .isEqualTo("the builders");
  }

  @Test
  void members_join_once_list_in_order_and_groups_of_an_identity_name_them() {
    var app = serviceId("ServiceId-1", "app");
    var admin = new Identity("IBMid-0600000001", Identity.Kind.USER, "admin", ACCOUNT, T0, 0);
    var devs = group("AccessGroupId-1", "developers");
    var ops = group("AccessGroupId-2", "operators");
    inWrite(
        tx -> {
          tx.iam().insertServiceId(app);
          tx.iam().insertIdentity(admin);
          tx.accessGroups().insert(devs);
          tx.accessGroups().insert(ops);
        });
    var userInDevs = new GroupMember(devs.id(), admin.iamId(), Identity.Kind.USER, T0);
    var appInDevs =
        new GroupMember(devs.id(), app.iamId(), Identity.Kind.SERVICE_ID, T0.plusSeconds(1));

    assertThat(write((Tx tx) -> tx.accessGroups().addMember(userInDevs))).isTrue();
    assertThat(write((Tx tx) -> tx.accessGroups().addMember(userInDevs))).isFalse();
    assertThat(write((Tx tx) -> tx.accessGroups().addMember(appInDevs))).isTrue();
    assertThat(
            write(
                (Tx tx) ->
                    tx.accessGroups()
                        .addMember(
                            new GroupMember(ops.id(), app.iamId(), Identity.Kind.SERVICE_ID, T0))))
        .isTrue();

    assertThat(read((Tx tx) -> tx.accessGroups().members(devs.id(), 0, 10)))
        .containsExactly(userInDevs, appInDevs);
    assertThat(read((Tx tx) -> tx.accessGroups().members(devs.id(), 1, 10)))
        .containsExactly(appInDevs);
    assertThat(read((Tx tx) -> tx.accessGroups().countMembers(devs.id()))).isEqualTo(2);
    assertThat(read((Tx tx) -> tx.accessGroups().groupsOf(app.iamId())))
        .containsExactly(devs.id(), ops.id());
    assertThat(read((Tx tx) -> tx.accessGroups().groupsOf("IBMid-nobody"))).isEmpty();

    assertThat(write((Tx tx) -> tx.accessGroups().removeMember(devs.id(), admin.iamId()))).isTrue();
    assertThat(write((Tx tx) -> tx.accessGroups().removeMember(devs.id(), admin.iamId())))
        .isFalse();
    inWrite(tx -> tx.accessGroups().removeFromAllGroups(app.iamId()));
    assertThat(read((Tx tx) -> tx.accessGroups().groupsOf(app.iamId()))).isEmpty();

    inWrite(tx -> tx.accessGroups().addMember(userInDevs));
    assertThat(write((Tx tx) -> tx.accessGroups().delete(devs.id(), 0))).isTrue();
    assertThat(read((Tx tx) -> tx.accessGroups().get(devs.id()))).isEmpty();
    assertThat(read((Tx tx) -> tx.accessGroups().groupsOf(admin.iamId()))).isEmpty();
  }

  private static ServiceId serviceId(String id, String name) {
    return new ServiceId(
        new Identity(ServiceId.iamIdOf(id), Identity.Kind.SERVICE_ID, name, ACCOUNT, T0, 0),
        "made for " + name,
        T0,
        false,
        0);
  }

  private static ApiKeyDetails key(String id, String iamId, String lookup) {
    return new ApiKeyDetails(
        new ApiKey(id, iamId, "key " + id, lookup, "pbkdf2-sha256$1$c2FsdA$aGFzaA", T0, false, 0),
        null,
        "IBMid-0600000001",
        T0);
  }

  private static AccessGroup group(String id, String name) {
    return new AccessGroup(id, name, null, ACCOUNT, T0, T0, 0);
  }

  private <T> T read(Function<Tx, T> work) {
    return store.read(work);
  }

  private <T> T write(Function<Tx, T> work) {
    return store.write(work);
  }

  private void inWrite(Consumer<Tx> work) {
    store.write(
        (Tx tx) -> {
          work.accept(tx);
          return null;
        });
  }
}
