package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process killed with SIGKILL between committing events and delivering them, and
 * again while it delivers under load. After the restart the events file holds every event at least
 * once, and every line, copies included, is the stored event with its id.
 */
class EventCrashTest {
  @TempDir Path dataDir;

  @Test
  void a_kill_9_before_or_during_delivery_loses_no_event_and_every_copy_has_its_id()
      throws Exception {
    // the events file's directory is a plain file at first: the file sink cannot write
    var blocker = dataDir.resolve("events-blocked");
    Files.writeString(blocker, "not a directory");
    var file = blocker.resolve("events.jsonl");
    var env = Map.of("IMPRINT_EVENTS_FILE", file.toString());

    var first = ServerProcess.start(dataDir, env);
    var api = new Api(first.url);
    for (int i = 0; i < 20; i++) {
      assertThat(api.post("/v1/vpcs", obj("name", "held-" + i)).status()).isEqualTo(201);
    }
    var committed = stored(api);
    assertThat(committed).hasSizeGreaterThanOrEqualTo(20);
    assertThat(file).as("committed, not delivered").doesNotExist();
    kill(first);

    Files.delete(blocker);
    var second = ServerProcess.start(dataDir, env);
    var busy = new Api(second.url);
    var made = new AtomicInteger();
    var writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 100_000; i++) {
                    try {
                      busy.post("/v1/vpcs", obj("name", "busy-" + i));
                      made.incrementAndGet();
                    } catch (RuntimeException e) {
                      return;
                    }
                  }
                });
    // kill while changes commit and the dispatcher delivers them
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((made.get() < 30 || lines(file).size() <= committed.size())
        && System.nanoTime() < deadline) {
      // real elapsed time: another process commits and delivers, and the kill must land mid-way
      Thread.sleep(5);
    }
    kill(second);
    writer.join(10_000);

    var third = ServerProcess.start(dataDir, env);
    var all = stored(new Api(third.url));
    assertThat(all.size()).isGreaterThanOrEqualTo(committed.size() + 30);
    assertThat(all).containsAllEntriesOf(committed);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!idsSoFar(file).containsAll(all.keySet()) && System.nanoTime() < deadline) {
      // real elapsed time: the restarted process's dispatcher delivers on its own thread
      Thread.sleep(20);
    }
    third.stop();

    var lines = lines(file);
    assertThat(ids(file)).containsAll(all.keySet());
    for (var line : lines) {
      var event = Api.JSON.readTree(line);
      assertThat(all).as(line).containsKey(event.path("id").asText());
      assertThat(event)
          .as("a copy is the stored event")
          .isEqualTo(all.get(event.path("id").asText()));
    }
  }

  /** Every event the API lists, by id. */
  private static Map<String, JsonNode> stored(Api api) {
    var events = new HashMap<String, JsonNode>();
    var page = api.raw("GET", "/imprint/v1/events?limit=100", null, null, Map.of()).body();
    while (true) {
      page.path("events").forEach(e -> events.put(e.path("id").asText(), e));
      if (!page.has("next")) {
        return events;
      }
      page = api.raw("GET", page.at("/next/href").asText(), null, null, Map.of()).body();
    }
  }

  private static List<String> ids(Path file) throws IOException {
    var ids = new ArrayList<String>();
    for (var line : lines(file)) {
      ids.add(Api.JSON.readTree(line).path("id").asText());
    }
    return ids;
  }

  /** The ids of the lines written whole so far: the server may be writing the last one. */
  private static List<String> idsSoFar(Path file) throws IOException {
    var ids = new ArrayList<String>();
    for (var line : lines(file)) {
      try {
        ids.add(Api.JSON.readTree(line).path("id").asText());
      } catch (IOException e) {
        break;
      }
    }
    return ids;
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private static void kill(ServerProcess server) throws InterruptedException {
    server.process.destroyForcibly();
    assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }
}
