package io.imprint.server.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.kms.KeyRewrapJob;
import io.imprint.core.app.kms.KeyService;
import io.imprint.core.app.kms.KeyView;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.region.Region;
import io.imprint.core.port.Tx;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key service on a real SQLite store and job engine: what the API cannot reach directly —
 * registrations made by other services, and the rotation job over stored data keys.
 */
class KeyServiceTest {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String INSTANCE = "e4a29d1a-2ef0-42a6-8fd2-350deb1c647e";
  static final String VOLUME_CRN =
      "crn:v1:bluemix:public:is:us-south-1:a/" + ACCOUNT + "::volume:v1";

  @TempDir Path dir;
  JdbcStore store;
  JobRunner jobs;
  KeyService keys;

  @BeforeEach
  void open() {
    store = JdbcStore.sqlite(dir.resolve("imprint.db"));
    var deployment =
        new Deployment(
            Region.of("us-south", 3),
            ACCOUNT,
            "811f8abfbd32425597dc7ba40da98fa6",
            InstantSource.system(),
            new SecureRandom());
    jobs =
        new JobRunner(
            store,
            deployment,
            InstantSource.system(),
            1,
            Duration.ofMinutes(1),
            Duration.ofSeconds(1));
    var master = new byte[32];
    new SecureRandom().nextBytes(master);
    keys =
        new KeyService(
            store, deployment, new EventRecorder(store, deployment), jobs, new MasterKey(master));
    jobs.register(keys.rewrapJob());
  }

  @AfterEach
  void close() {
    jobs.close();
    store.close();
  }

  @Test
  void a_service_registers_and_unregisters_what_a_key_protects_each_with_an_event() {
    var key = keys.createKey(INSTANCE, "disk-key", null, null);

    assertThat(store.write((Tx tx) -> keys.registrations().register(tx, key.crn(), VOLUME_CRN)))
        .isTrue();
    assertThat(store.write((Tx tx) -> keys.registrations().register(tx, key.crn(), VOLUME_CRN)))
        .as("registered already")
        .isFalse();
    assertThat(keys.registrations().listRegistrations(INSTANCE, key.key().id()))
        .extracting(Registration::resourceCrn)
        .containsExactly(VOLUME_CRN);

    assertThat(store.write((Tx tx) -> keys.registrations().unregister(tx, key.crn(), VOLUME_CRN)))
        .isTrue();
    assertThat(keys.registrations().listRegistrations(INSTANCE, key.key().id())).isEmpty();
    assertThat(actions()).contains("kms.registrations.create", "kms.registrations.delete");
  }

  @Test
  void a_disabled_key_takes_no_registration_and_an_unknown_crn_is_refused() {
    var key = keys.createKey(INSTANCE, "disk-key", null, null);
    keys.disableKey(INSTANCE, key.key().id());

    assertThatThrownBy(
            () -> store.write((Tx tx) -> keys.registrations().register(tx, key.crn(), VOLUME_CRN)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_ACTION_INVALID_STATE));
    var elsewhere = key.crn().replace(INSTANCE, "0b1f4e2c-0000-4000-8000-000000000001");
    assertThatThrownBy(
            () -> store.write((Tx tx) -> keys.registrations().register(tx, elsewhere, VOLUME_CRN)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFERENCE_NOT_FOUND));
  }

  @Test
  void deleting_a_key_that_protects_a_volume_needs_force_and_then_destroys_its_material() {
    var key = keys.createKey(INSTANCE, "disk-key", null, null);
    store.write((Tx tx) -> keys.registrations().register(tx, key.crn(), VOLUME_CRN));

    assertThatThrownBy(() -> keys.deleteKey(INSTANCE, key.key().id(), false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTECTED_RESOURCE));
    var deleted = keys.deleteKey(INSTANCE, key.key().id(), true);

    assertThat(deleted.key().state()).isEqualTo(KeyState.DESTROYED);
    assertThat(store.read((Tx tx) -> tx.keys().versions(key.key().id())))
        .allSatisfy(v -> assertThat(v.sealed()).isNull());
    assertThatThrownBy(() -> keys.wrapping().wrapKey(INSTANCE, key.key().id(), null, List.of()))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_ACTION_INVALID_STATE));
  }

  @Test
  void rotating_rewraps_every_stored_data_key_in_a_job_with_progress_and_they_still_unwrap() {
    var key = keys.createKey(INSTANCE, "disk-key", null, null);
    var id = key.key().id();
    var plain = new ArrayList<byte[]>();
    store.write(
        (Tx tx) -> {
          for (int i = 0; i < 150; i++) {
            var wrapped = keys.wrapping().wrapKey(INSTANCE, id, null, List.of());
            plain.add(wrapped.generated());
            tx.disks()
                .insertDataKey(
                    new DataKey("dk-" + (1000 + i), key.crn(), wrapped.ciphertext(), tx0()));
          }
          return null;
        });

    var rotated = keys.rotateKey(INSTANCE, id, null);
    assertThat(rotated.latest().number()).isEqualTo(2);
    assertThat(rotated.rewrap().state()).isEqualTo(JobState.QUEUED);
    jobs.runDueNow();
    assertThat(actions()).contains("kms.secrets.rotate", "kms.secrets.rewrap");

    KeyView after = keys.getKey(INSTANCE, id);
    assertThat(after.rewrap().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(after.rewrap().progress().bytesDone()).isEqualTo(150);
    assertThat(after.rewrap().progress().bytesTotal()).isEqualTo(150);
    for (int i = 0; i < 150; i++) {
      var dataKeyId = "dk-" + (1000 + i);
      var stored = store.read((Tx tx) -> tx.disks().getDataKey(dataKeyId)).orElseThrow();
      var unwrapped = keys.wrapping().unwrapKey(INSTANCE, id, stored.wrapped(), List.of());
      assertThat(unwrapped.version().id()).isEqualTo(after.latest().id());
      assertThat(unwrapped.rewrapped()).as("already under the newest version").isNull();
      assertThat(unwrapped.plaintext()).isEqualTo(plain.get(i));
    }
  }

  @Test
  void the_rewrap_job_is_one_per_rotation() {
    var key = keys.createKey(INSTANCE, "disk-key", null, null);
    keys.rotateKey(INSTANCE, key.key().id(), null);
    keys.rotateKey(INSTANCE, key.key().id(), null);
    jobs.runDueNow();

    var jobsOfKey =
        store.read(
            (Tx tx) ->
                List.of(
                    tx.jobs().findByResource(KeyRewrapJob.KIND.name(), key.key().id() + "/2"),
                    tx.jobs().findByResource(KeyRewrapJob.KIND.name(), key.key().id() + "/3")));
    assertThat(jobsOfKey)
        .allSatisfy(j -> assertThat(j.orElseThrow().state()).isEqualTo(JobState.SUCCEEDED));
  }

  private List<String> actions() {
    return store.read(
        (Tx tx) ->
            tx.events().list(EventFilter.ALL, PageRequest.all()).items().stream()
                .map(ActivityEvent::action)
                .toList());
  }

  private static Instant tx0() {
    return Instant.parse("2026-12-06T10:00:00Z");
  }
}
