package io.imprint.server;

import io.imprint.server.config.Config;
import io.imprint.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Imprint server on port 0 with its own SQLite data dir, for tests. Power steps take no time
 * ({@code instance-settle-step PT0S}): its {@link #api} runs due jobs at once instead of waiting,
 * so an instance settles in one go; a test of the steps themselves sets a step and moves the
 * virtual clock.
 */
public final class TestServer implements AutoCloseable {
  /** The first administrator's API key of every test server ({@code bootstrap-apikey}). */
  public static final String ADMIN_APIKEY = "imprint-test-administrator-key-0123456789abcdef";

  private final Path dataDir;
  private final ImprintServer server;
  private final boolean ownsDir;
  private final Config config;

  private TestServer(Path dataDir, Map<String, String> settings, boolean ownsDir) {
    this(dataDir, settings, ownsDir, true, InstantSource.system());
  }

  private TestServer(
      Path dataDir,
      Map<String, String> settings,
      boolean ownsDir,
      boolean awaitStockContent,
      InstantSource systemClock) {
    this.dataDir = dataDir;
    this.ownsDir = ownsDir;
    var flags = new HashMap<String, String>();
    flags.put("port", "0");
    flags.put("data-dir", dataDir.toString());
    flags.put("instance-settle-step", "PT0S");
    flags.put("bootstrap-apikey", ADMIN_APIKEY);
    flags.putAll(settings);
    this.config = ConfigLoader.load(null, Map.of(), flags);
    this.server = new ImprintServer(config, systemClock).start();
    var token = new AtomicReference<String>();
    RawHttp.authorize(
        server.baseUrl(),
        () -> token.updateAndGet(held -> held != null ? held : administratorToken()));
    if (awaitStockContent) {
      // tests read stock images' content at once; a first start writes the sample disks in the
      // background
      server.images().stock().awaitStockContent();
    }
  }

  /**
   * A first start on a new data dir that, as a user's, does not wait for the stock sample disks to
   * be written.
   */
  public static TestServer startWithoutWaiting() {
    try {
      return new TestServer(
          Files.createTempDirectory("imprint-test"), Map.of(), true, false, InstantSource.system());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> settings) {
    try {
      return new TestServer(Files.createTempDirectory("imprint-test"), settings, true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server on an existing data dir that the caller owns (to test restarts). */
  public static TestServer startOn(Path dataDir) {
    return startOn(dataDir, Map.of());
  }

  public static TestServer startOn(Path dataDir, Map<String, String> settings) {
    return new TestServer(dataDir, settings, false);
  }

  /**
   * A server on an existing data dir whose system clock reads {@code day} as it starts and runs on
   * from there, for specifications of fixed dates (the stock catalog's) that must hold whatever day
   * the tests run.
   */
  public static TestServer startOn(Path dataDir, Map<String, String> settings, Instant day) {
    var clock = InstantSource.offset(InstantSource.system(), Duration.between(Instant.now(), day));
    return new TestServer(dataDir, settings, false, true, clock);
  }

  public Api api() {
    return new Api(server.baseUrl(), this::runDueJobs, this::administratorToken);
  }

  /**
   * A token of the first administrator, signed here: asking the token endpoint would pay the API
   * key's slow hash in every test.
   */
  public String administratorToken() {
    server.awaitIamBootstrap();
    var admin = server.iam().firstAdministrator().orElseThrow();
    return tokenOf(admin);
  }

  /** A token for the identity {@code iamId}, valid a day. */
  public String tokenOf(String iamId) {
    return server.tokens().issue(iamId, config.accountId(), Duration.ofHours(24)).token();
  }

  /** Runs every due job and recurring task at once and waits for those under way. */
  public void runDueJobs() {
    server.jobs().runDueNow();
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public ImprintServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.close();
    if (ownsDir) {
      deleteTree(dataDir);
    }
  }

  public static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
