package io.imprint.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.iam.IamService;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.region.Region;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start makes the account's administrator with an API key shown once; a presented key is
 * checked against what is kept of it, on a real SQLite store.
 */
class IamServiceTest {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

  @TempDir Path dir;
  JdbcStore store;
  IamService iam;

  @BeforeEach
  void open() {
    store = JdbcStore.sqlite(dir.resolve("imprint.db"));
    iam =
        new IamService(
            store,
            new Deployment(
                Region.of("us-south", 3),
                ACCOUNT,
                "811f8abfbd32425597dc7ba40da98fa6",
                InstantSource.system(),
                new SecureRandom()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void the_first_start_makes_an_administrator_whose_key_is_shown_once_and_works() {
    var key = iam.bootstrap(null).orElseThrow();

    var admin = iam.authenticate(key).orElseThrow();
    assertThat(admin.name()).isEqualTo(IamService.ADMINISTRATOR);
    assertThat(admin.kind()).isEqualTo(Identity.Kind.USER);
    assertThat(admin.accountId()).isEqualTo(ACCOUNT);
    assertThat(admin.iamId()).matches("IBMid-[0-9a-f]{10}");
    assertThat(iam.bootstrap(null)).as("a later start makes nothing").isEmpty();
    var kept = store.read(tx -> tx.iam().apiKeysOf(admin.iamId()));
    assertThat(kept).hasSize(1);
    assertThat(kept.getFirst().secretHash()).doesNotContain(key);
  }

  @Test
  void an_operator_may_choose_the_first_key() {
    var chosen = "imprint-bootstrap-key-chosen-by-the-operator";
    assertThat(iam.bootstrap(chosen)).contains(chosen);
    assertThat(iam.authenticate(chosen)).isPresent();
  }

  @Test
  void a_wrong_short_or_missing_key_authenticates_nobody() {
    var key = iam.bootstrap(null).orElseThrow();
    var wrong = key.substring(0, 43) + (key.endsWith("A") ? "B" : "A");
    assertThat(iam.authenticate(wrong)).isEmpty();
    assertThat(iam.authenticate("x".repeat(44))).isEmpty();
    assertThat(iam.authenticate("short")).isEmpty();
    assertThat(iam.authenticate(null)).isEmpty();
  }
}
