package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.imprint.server.wire.EventJson;
import io.imprint.server.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Committed events go to the JSON-lines file and the {@code imprint.events} log, each sink at its
 * own pace; a sink that cannot write keeps its events until it can; retention purges old events.
 */
class EventDeliveryTest {
  @Test
  void a_committed_event_reaches_the_file_and_the_log_once() throws Exception {
    var log = new ListAppender<ILoggingEvent>();
    log.start();
    var logger = (Logger) LoggerFactory.getLogger("imprint.events");
    logger.addAppender(log);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    try (var server = TestServer.start()) {
      var vpc = server.api().post("/v1/vpcs", obj("name", "delivered")).body().path("id").asText();
      var dispatcher = server.server().eventDispatcher();
      dispatcher.deliverPending();
      assertThat(dispatcher.deliverPending()).as("nothing is left to deliver").isZero();

      var event = new Outbox(server.server()).about(vpc).getFirst();
      var file = server.dataDir().resolve("events").resolve("events.jsonl");
      var lines = Files.readAllLines(file);
      assertThat(lines.stream().filter(l -> l.contains(event.id()))).hasSize(1);
      var line = lines.stream().filter(l -> l.contains(event.id())).findFirst().orElseThrow();
      assertThat(Json.MAPPER.readTree(line)).isEqualTo(EventJson.render(event));
      synchronized (log) {
        assertThat(log.list)
            .filteredOn(e -> e.getFormattedMessage().contains(event.id()))
            .singleElement()
            .satisfies(
                e ->
                    assertThat(e.getFormattedMessage())
                        .startsWith("Virtual Private Cloud: create vpc delivered {"));
      }
    } finally {
      logger.detachAppender(log);
      logger.setLevel(null);
      logger.setAdditive(true);
    }
  }

  @Test
  void a_sink_that_cannot_write_keeps_its_events_until_it_can_and_the_others_go_on()
      throws Exception {
    var blocker = Files.createTempFile("imprint-events-blocker", "");
    var file = blocker.resolve("events.jsonl");
    try (var server = TestServer.start(Map.of("events-file", file.toString()))) {
      var dispatcher = server.server().eventDispatcher();
      var vpc = server.api().post("/v1/vpcs", obj("name", "held")).body().path("id").asText();
      dispatcher.deliverPending();
      var all = new Outbox(server.server()).all();
      long fileCursor = server.server().store().read(tx -> tx.events().cursor("file"));
      long logCursor = server.server().store().read(tx -> tx.events().cursor("log"));
      assertThat(fileCursor).isZero();
      assertThat(logCursor).as("the log took them all").isPositive();

      Files.delete(blocker);
      dispatcher.deliverPending();
      assertThat(ids(file)).containsExactlyElementsOf(all.stream().map(e -> e.id()).toList());
      assertThat(new Outbox(server.server()).about(vpc)).hasSize(1);
    } finally {
      TestServer.deleteTree(blocker);
    }
  }

  @Test
  void the_engine_purges_events_older_than_the_retention_and_no_others() {
    try (var server = TestServer.start(Map.of("clock", "virtual", "events-retention", "P30D"))) {
      var api = server.api();
      var old = api.post("/v1/vpcs", obj("name", "old-news")).body().path("id").asText();
      server.server().jobs().pause();
      api.post("/imprint/v1/clock", obj("advance", "P30DT1H"));
      var fresh = api.post("/v1/vpcs", obj("name", "fresh-news")).body().path("id").asText();
      var outbox = new Outbox(server.server());
      assertThat(outbox.about(old)).isNotEmpty();
      server.server().jobs().resume();
      // the clock move woke the engine's event.retention task: running due work purges
      server.runDueJobs();
      assertThat(outbox.about(old)).isEmpty();
      assertThat(outbox.all()).isNotEmpty();
      assertThat(outbox.about(fresh)).hasSize(1);
      assertThat(server.server().eventDispatcher().purgeExpired()).isZero();
    }
  }

  private static List<String> ids(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(
            l -> {
              try {
                return Json.MAPPER.readTree(l).path("id").asText();
              } catch (IOException e) {
                throw new AssertionError(l, e);
              }
            })
        .toList();
  }
}
