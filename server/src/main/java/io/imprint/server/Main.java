package io.imprint.server;

import io.imprint.server.config.ConfigException;
import io.imprint.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code imprint server [--port N] [--bind ADDR] [--data-dir DIR] [--config FILE]}. Exit codes: 0
 * after a graceful stop, 2 for a configuration or usage error (one line on stderr naming the key),
 * 1 when start-up fails otherwise.
 */
public final class Main {
  private static final Map<String, String> FLAGS =
      Map.of("--port", "port", "--bind", "bind", "--data-dir", "data-dir");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || !args[0].equals("server")) {
      System.err.println(
          "usage: imprint server [--port N] [--bind ADDR] [--data-dir DIR] [--config FILE]");
      return 2;
    }
    var flags = new LinkedHashMap<String, String>();
    Path configFile = null;
    for (int i = 1; i < args.length; i++) {
      var arg = args[i];
      var eq = arg.indexOf('=');
      var name = eq > 0 ? arg.substring(0, eq) : arg;
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        System.err.println("imprint: " + name + " needs a value");
        return 2;
      }
      if (name.equals("--config")) {
        configFile = Path.of(value);
      } else if (FLAGS.containsKey(name)) {
        flags.put(FLAGS.get(name), value);
      } else {
        System.err.println(
            "imprint: unknown option " + name + "; options: --port, --bind, --data-dir, --config");
        return 2;
      }
    }
    if (configFile == null && System.getenv("IMPRINT_CONFIG") != null) {
      configFile = Path.of(System.getenv("IMPRINT_CONFIG"));
    }
    try {
      var config = ConfigLoader.load(configFile, System.getenv(), flags);
      var server = new ImprintServer(config, InstantSource.system()).start();
      var stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "imprint-shutdown"));
      System.out.println(
          "Imprint is listening on "
              + server.baseUrl()
              + " (data: "
              + config.dataDir()
              + ", store: "
              + config.store().name().toLowerCase()
              + ")");
      System.out.flush();
      stopped.await();
      return 0;
    } catch (ConfigException e) {
      System.err.println("imprint: configuration error: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (RuntimeException e) {
      System.err.println("imprint: failed to start: " + e.getMessage());
      e.printStackTrace();
      return 1;
    }
  }
}
