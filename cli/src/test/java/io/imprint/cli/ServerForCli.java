package io.imprint.cli;

import com.google.gson.JsonParser;
import io.imprint.core.port.Tx;
import io.imprint.server.ImprintServer;
import io.imprint.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Imprint server on port 0 with its own SQLite data dir and the virtual clock on, so that
 * lifecycle dates can be made to pass. Instances settle in 20 ms steps. Its administrator's API key
 * is {@link #APIKEY}.
 */
final class ServerForCli implements AutoCloseable {
  /** The administrator's API key ({@code bootstrap-apikey}). */
  static final String APIKEY = "imprint-cli-test-administrator-key-0123456789";

  private final Path dataDir;
  private final ImprintServer server;

  ServerForCli() {
    this(Map.of(), InstantSource.system());
  }

  /**
   * With more {@code settings}, and {@code realTime} as the server's real-time clock (the one
   * tokens expire by, and the virtual clock starts from).
   */
  ServerForCli(Map<String, String> settings, InstantSource realTime) {
    try {
      dataDir = Files.createTempDirectory("imprint-cli-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    var flags = new HashMap<String, String>();
    flags.put("port", "0");
    flags.put("data-dir", dataDir.toString());
    flags.put("instance-settle-step", "PT0.02S");
    flags.put("clock", "virtual");
    flags.put("bootstrap-apikey", APIKEY);
    flags.putAll(settings);
    server = new ImprintServer(ConfigLoader.load(null, Map.of(), flags), realTime).start();
    server.images().stock().awaitStockContent();
  }

  /** Where {@code file:///…} imports may come from (the server's default, under its data dir). */
  Path importDir() {
    try {
      return Files.createDirectories(dataDir.resolve("import"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return server.baseUrl();
  }

  /**
   * Moves the server's clock forward ({@code PT36H}) through its own API, as an operator would, and
   * runs the work that came due at once.
   */
  void advanceClock(String duration) {
    send("POST", "/imprint/v1/clock", "application/json", "{\"advance\":\"" + duration + "\"}");
    server.jobs().runDueNow();
  }

  /** Renames a volume, so that tables show a name the test chose instead of a generated one. */
  void renameVolume(String id, String name) {
    send(
        "PATCH",
        "/v1/volumes/" + id,
        "application/merge-patch+json",
        "{\"name\":\"" + name + "\"}");
  }

  /** Makes a resource group as the administrator would (there is no CLI command for it); its ID. */
  String createResourceGroup(String name) {
    var body =
        send("POST", "/v2/resource_groups", "application/json", "{\"name\":\"" + name + "\"}");
    return JsonParser.parseString(body).getAsJsonObject().get("id").getAsString();
  }

  /**
   * Records that {@code resourceCrn} is encrypted with the root key {@code keyCrn}, as a volume or
   * an image will when it is created with the key; no API call makes one yet.
   */
  void registerWithKey(String keyCrn, String resourceCrn) {
    server
        .store()
        .write((Tx tx) -> server.keys().registrations().register(tx, keyCrn, resourceCrn));
  }

  /** As the administrator: every route wants a token. */
  private String send(String method, String path, String contentType, String body) {
    try {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(url() + path + "?version=2026-03-24&generation=2"))
                      .header("Content-Type", contentType)
                      .header("Authorization", "Bearer " + administratorToken())
                      .method(method, HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + ": " + response.body());
      }
      return response.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  String administratorToken() throws IOException, InterruptedException {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url() + "/identity/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=" + APIKEY))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(response.body())
        .getAsJsonObject()
        .get("access_token")
        .getAsString();
  }

  @Override
  public void close() {
    server.close();
    try (var paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
