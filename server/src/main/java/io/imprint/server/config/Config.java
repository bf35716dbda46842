package io.imprint.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;

/**
 * The validated, immutable settings of one Imprint server. Built only by {@link ConfigLoader},
 * which checks every value once at start; nothing reads configuration anywhere else.
 */
public record Config(
    String bind,
    int port,
    Path dataDir,
    StoreKind store,
    String postgresUrl,
    String postgresUser,
    String postgresPassword,
    String region,
    int zoneCount,
    String accountId,
    String providerAccountId,
    String publicUrl,
    long maxBodyBytes,
    Duration bufferWait,
    Duration instanceSettleStep,
    String pageTokenSecret,
    byte[] masterKey,
    Path importDir,
    boolean blobDirectWrites,
    int jobWorkers,
    Duration jobLease,
    Duration jobStallLimit,
    IamSettings iam,
    boolean virtualClock,
    List<Duration> lifecycleWarnings,
    EventSettings events) {

  /**
   * Where events go and how long they are kept: the JSON-lines file ({@code file} null: none), its
   * rotation size and number of old files kept, and the retention of the outbox.
   */
  public record EventSettings(Path file, long fileMaxBytes, int fileKeep, Period retention) {}

  /**
   * Authentication and authorisation: whether API calls need an IAM token ({@code auth: iam}, the
   * default) or not ({@code auth: none}, for local play only), the first start's administrator key
   * when the operator chooses it, and how long a token lives.
   */
  public record IamSettings(boolean enabled, String bootstrapApiKey, Duration tokenTtl) {}

  public enum StoreKind {
    SQLITE,
    POSTGRES
  }

  /**
   * The base URL that hrefs are built from: the configured public URL, or the address the server
   * listens on.
   */
  public String publicUrlOr(String listening) {
    return publicUrl != null ? publicUrl : listening;
  }
}
