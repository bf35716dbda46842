package io.imprint.server.config;

import io.imprint.core.domain.region.Region;
import io.imprint.store.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads configuration from, in rising precedence: built-in defaults, one properties file, {@code
 * IMPRINT_*} environment variables ({@code IMPRINT_DATA_DIR} sets {@code data-dir}) and
 * command-line flags. Every key is validated here, once; an unknown key or a bad value is a {@link
 * ConfigException} naming the key.
 */
public final class ConfigLoader {
  /** Every key with its default (null = unset). docs/configuration.md lists the same keys. */
  public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("bind", "127.0.0.1");
    DEFAULTS.put("port", "8080");
    DEFAULTS.put("data-dir", "./data");
    DEFAULTS.put("store", "sqlite");
    DEFAULTS.put("postgres.url", null);
    DEFAULTS.put("postgres.user", null);
    DEFAULTS.put("postgres.password", null);
    DEFAULTS.put("region", "us-south");
    DEFAULTS.put("zones", "3");
    DEFAULTS.put("account-id", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
    DEFAULTS.put("provider-account-id", "811f8abfbd32425597dc7ba40da98fa6");
    DEFAULTS.put("public-url", null);
    DEFAULTS.put("max-body-bytes", "1048576");
    DEFAULTS.put("instance-settle-step", "PT1S");
    DEFAULTS.put("page-token-secret", null);
    DEFAULTS.put("master-key", null);
    DEFAULTS.put("import-dir", null);
    DEFAULTS.put("blob-writes", "direct");
    DEFAULTS.put("job-workers", "2");
    DEFAULTS.put("job-lease", "PT10S");
    DEFAULTS.put("job-stall-limit", "PT10M");
    DEFAULTS.put("buffer-wait", "PT30S");
    DEFAULTS.put("auth", "iam");
    DEFAULTS.put("token-ttl", "PT1H");
    DEFAULTS.put("bootstrap-apikey", null);
    DEFAULTS.put("clock", "system");
    DEFAULTS.put("lifecycle-warnings", "P7D,P1D");
    DEFAULTS.put("events-file", null);
    DEFAULTS.put("events-file-max-bytes", "104857600");
    DEFAULTS.put("events-file-keep", "5");
    DEFAULTS.put("events-retention", "P90D");
  }

  /**
   * Environment variables that are not server settings: the CLI's, the config file's path, and the
   * JVM options bin/imprint passes to java.
   */
  private static final Set<String> CLIENT_ENV =
      Set.of("IMPRINT_URL", "IMPRINT_APIKEY", "IMPRINT_CONFIG", "IMPRINT_JAVA_OPTS");

  private static final Pattern ACCOUNT = Pattern.compile("^[0-9a-f]{32}$");
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.:\\-\\[\\]]+$");

  private ConfigLoader() {}

  /**
   * @param file the properties file, or null for none
   * @param env the process environment
   * @param flags values given on the command line, by key
   */
  public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
    var values = new LinkedHashMap<>(DEFAULTS);
    if (file != null) {
      readFile(file).forEach((k, v) -> values.put(requireKnown(k, "in " + file), v));
    }
    env.forEach(
        (name, value) -> {
          if (name.startsWith("IMPRINT_") && !CLIENT_ENV.contains(name)) {
            values.put(requireKnown(keyOf(name), "from environment variable " + name), value);
          }
        });
    flags.forEach((k, v) -> values.put(requireKnown(k, "on the command line"), v));
    return validate(values);
  }

  static String keyOf(String envName) {
    var rest = envName.substring("IMPRINT_".length()).toLowerCase();
    if (rest.startsWith("postgres_")) {
      return "postgres." + rest.substring("postgres_".length());
    }
    return rest.replace('_', '-');
  }

  private static String requireKnown(String key, String where) {
    if (!DEFAULTS.containsKey(key)) {
      throw new ConfigException(
          key,
          "unknown key "
              + where
              + "; known keys: "
              + String.join(", ", new TreeSet<>(DEFAULTS.keySet())));
    }
    return key;
  }

  private static Map<String, String> readFile(Path file) {
    var props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
    }
    var out = new LinkedHashMap<String, String>();
    props.stringPropertyNames().forEach(k -> out.put(k.trim(), props.getProperty(k).trim()));
    return out;
  }

  private static Config validate(Map<String, String> v) {
    var bind = v.get("bind");
    if (bind == null || bind.isBlank() || !HOST.matcher(bind).matches()) {
      throw new ConfigException("bind", "'" + bind + "' is not a host name or IP address");
    }
    int port = intIn(v, "port", 0, 65535);
    var dataDir = Path.of(v.get("data-dir")).toAbsolutePath().normalize();
    requireWritableDir(dataDir);
    var store =
        switch (v.get("store")) {
          case "sqlite" -> Config.StoreKind.SQLITE;
          case "postgres" -> Config.StoreKind.POSTGRES;
          default ->
              throw new ConfigException(
                  "store", "'" + v.get("store") + "' is not a store; use sqlite or postgres");
        };
    if (store == Config.StoreKind.POSTGRES
        && (v.get("postgres.url") == null
            || !v.get("postgres.url").startsWith("jdbc:postgresql:"))) {
      throw new ConfigException(
          "postgres.url",
          "store=postgres needs a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/imprint");
    }
    var region = v.get("region");
    if (!Region.KNOWN.containsKey(region)) {
      throw new ConfigException(
          "region",
          "'"
              + region
              + "' is not an IBM Cloud VPC region; use one of "
              + String.join(", ", new TreeSet<>(Region.KNOWN.keySet())));
    }
    int zones = intIn(v, "zones", 1, 3);
    var account = v.get("account-id");
    if (account == null || !ACCOUNT.matcher(account).matches()) {
      throw new ConfigException(
          "account-id", "'" + account + "' is not an account id (32 lower-case hex digits)");
    }
    var provider = v.get("provider-account-id");
    if (provider == null || !ACCOUNT.matcher(provider).matches() || provider.equals(account)) {
      throw new ConfigException(
          "provider-account-id", "must be 32 lower-case hex digits and differ from account-id");
    }
    var publicUrl = v.get("public-url");
    if (publicUrl != null) {
      try {
        var uri = URI.create(publicUrl);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new IllegalArgumentException();
        }
        publicUrl = publicUrl.replaceAll("/+$", "");
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "public-url", "'" + publicUrl + "' is not an absolute http(s) URL");
      }
    }
    long maxBody = longIn(v, "max-body-bytes", 1024, 1L << 40);
    var step = durationIn(v, "instance-settle-step", Duration.ZERO, Duration.ofMinutes(10));
    var secret = v.get("page-token-secret");
    if (secret != null && secret.length() < 16) {
      throw new ConfigException("page-token-secret", "must be at least 16 characters");
    }
    byte[] masterKey = null;
    if (v.get("master-key") != null) {
      try {
        masterKey = Base64.getDecoder().decode(v.get("master-key"));
      } catch (IllegalArgumentException e) {
        masterKey = new byte[0];
      }
      if (masterKey.length != 32) {
        throw new ConfigException(
            "master-key", "must be 32 bytes in base64 (openssl rand -base64 32)");
      }
    }
    var importDir =
        v.get("import-dir") == null
            ? dataDir.resolve("import")
            : Path.of(v.get("import-dir")).toAbsolutePath().normalize();
    if (v.get("import-dir") != null && !Files.isDirectory(importDir)) {
      throw new ConfigException("import-dir", importDir + " is not a directory");
    }
    boolean blobDirectWrites =
        switch (v.get("blob-writes")) {
          case "direct" -> true;
          case "cached" -> false;
          default ->
              throw new ConfigException(
                  "blob-writes", "must be direct or cached, not " + v.get("blob-writes"));
        };
    int jobWorkers = intIn(v, "job-workers", 1, 64);
    var lease = durationIn(v, "job-lease", Duration.ofMillis(300), Duration.ofMinutes(10));
    var bufferWait = durationIn(v, "buffer-wait", Duration.ZERO, Duration.ofMinutes(10));
    var stallLimit = durationIn(v, "job-stall-limit", Duration.ofSeconds(1), Duration.ofDays(1));
    var tokenTtl = durationIn(v, "token-ttl", Duration.ofMinutes(1), Duration.ofHours(24));
    var bootstrapKey = v.get("bootstrap-apikey");
    if (bootstrapKey != null && bootstrapKey.length() < 32) {
      throw new ConfigException("bootstrap-apikey", "must have at least 32 characters");
    }
    return new Config(
        bind,
        port,
        dataDir,
        store,
        v.get("postgres.url"),
        v.get("postgres.user"),
        v.get("postgres.password"),
        region,
        zones,
        account,
        provider,
        publicUrl,
        maxBody,
        bufferWait,
        step,
        secret,
        masterKey,
        importDir,
        blobDirectWrites,
        jobWorkers,
        lease,
        stallLimit,
        new Config.IamSettings(authEnabled(v.get("auth")), bootstrapKey, tokenTtl),
        virtualClock(v.get("clock")),
        warningLeads(v.get("lifecycle-warnings")),
        events(v, dataDir));
  }

  private static boolean authEnabled(String auth) {
    return switch (auth) {
      case "iam" -> true;
      case "none" -> false;
      default -> throw new ConfigException("auth", "must be iam or none, not " + auth);
    };
  }

  /**
   * The event sinks and retention. The file sink's directory is not checked here: a sink that
   * cannot write (a full disk, a missing mount) holds its events until it can, and the server runs.
   */
  private static Config.EventSettings events(Map<String, String> v, Path dataDir) {
    var file = v.get("events-file");
    Path path =
        file == null
            ? dataDir.resolve("events").resolve("events.jsonl")
            : file.equals("none") ? null : Path.of(file).toAbsolutePath().normalize();
    long maxBytes = longIn(v, "events-file-max-bytes", 1024, 1L << 40);
    int keep = intIn(v, "events-file-keep", 0, 1000);
    Period retention;
    try {
      retention = Period.parse(v.get("events-retention"));
    } catch (DateTimeParseException | NullPointerException e) {
      retention = null;
    }
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new ConfigException(
          "events-retention",
          "'" + v.get("events-retention") + "' is not a positive ISO-8601 period such as P90D");
    }
    return new Config.EventSettings(path, maxBytes, keep, retention);
  }

  private static List<Duration> warningLeads(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    var out = new ArrayList<Duration>();
    for (var part : value.split(",")) {
      try {
        var lead = Duration.parse(part.trim());
        if (lead.isNegative() || lead.isZero()) {
          throw new DateTimeParseException("not positive", part, 0);
        }
        out.add(lead);
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            "lifecycle-warnings",
            "'" + part.trim() + "' is not a positive ISO-8601 duration such as P7D");
      }
    }
    return out;
  }

  private static boolean virtualClock(String value) {
    return switch (value) {
      case "system" -> false;
      case "virtual" -> true;
      default ->
          throw new ConfigException(
              "clock", "'" + value + "' is not a clock; use system or virtual");
    };
  }

  /** The ISO-8601 duration {@code key}, from {@code min} to {@code max}. */
  private static Duration durationIn(
      Map<String, String> v, String key, Duration min, Duration max) {
    Duration value;
    try {
      value = Duration.parse(v.get(key));
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ConfigException(
          key, "'" + v.get(key) + "' is not an ISO-8601 duration such as PT30S or PT1H");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(key, "must be between " + min + " and " + max);
    }
    return value;
  }

  private static int intIn(Map<String, String> v, String key, int min, int max) {
    return (int) longIn(v, key, min, max);
  }

  private static long longIn(Map<String, String> v, String key, long min, long max) {
    try {
      long n = Long.parseLong(v.get(key));
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException | NullPointerException e) {
      throw new ConfigException(
          key, "'" + v.get(key) + "' is not a whole number from " + min + " to " + max);
    }
  }

  private static void requireWritableDir(Path dir) {
    try {
      PrivateFiles.directory(dir);
      var probe = Files.createTempFile(dir, ".write-probe", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(
          "data-dir", dir + " is not a writable directory (" + e.getMessage() + ")");
    }
  }
}
