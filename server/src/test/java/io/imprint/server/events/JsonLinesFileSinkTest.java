package io.imprint.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventTarget;
import io.imprint.core.domain.event.Exchange;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Reason;
import io.imprint.core.domain.event.Result;
import io.imprint.core.domain.event.Severity;
import io.imprint.server.wire.EventJson;
import io.imprint.server.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines file: one event per line, rotated by size, whole lines only after a crash. */
class JsonLinesFileSinkTest {
  @TempDir Path dir;

  @Test
  void events_are_written_one_per_line_as_the_api_renders_them() throws IOException {
    var file = dir.resolve("events").resolve("events.jsonl");
    var sink = new JsonLinesFileSink(file, 1 << 20, 3);
    var events = events(3);
    sink.deliver(events.subList(0, 2));
    sink.deliver(events.subList(2, 3));
    var lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(Json.MAPPER.readTree(lines.get(i))).isEqualTo(EventJson.render(events.get(i)));
    }
  }

  @Test
  void a_file_that_would_grow_past_its_size_is_rotated_and_only_so_many_old_files_are_kept()
      throws IOException {
    var file = dir.resolve("events.jsonl");
    var events = events(40);
    int lineBytes = (EventJson.line(events.getFirst()) + "\n").length();
    var sink = new JsonLinesFileSink(file, lineBytes * 4L + 10, 2);
    for (var event : events) {
      sink.deliver(List.of(event));
    }
    sink.deliver(List.of());
    assertThat(Files.size(file)).isLessThanOrEqualTo(lineBytes * 4L + 10);
    assertThat(file.resolveSibling("events.jsonl.3")).doesNotExist();
    // the newest events, in order, across the kept files: 4 lines each in .2, .1 and the current
    var kept = new ArrayList<String>();
    for (var name : List.of("events.jsonl.2", "events.jsonl.1", "events.jsonl")) {
      for (var line : Files.readAllLines(dir.resolve(name))) {
        kept.add(id(line));
      }
    }
    assertThat(kept)
        .containsExactlyElementsOf(events.subList(28, 40).stream().map(ActivityEvent::id).toList());
  }

  @Test
  void a_batch_larger_than_the_size_spreads_over_files_without_losing_a_line() throws IOException {
    var file = dir.resolve("events.jsonl");
    var events = events(10);
    int lineBytes = (EventJson.line(events.getFirst()) + "\n").length();
    var sink = new JsonLinesFileSink(file, lineBytes * 3L, 10);
    sink.deliver(events);
    var all = new ArrayList<String>();
    for (var name : List.of("events.jsonl.3", "events.jsonl.2", "events.jsonl.1", "events.jsonl")) {
      Files.readAllLines(dir.resolve(name)).forEach(l -> all.add(id(l)));
    }
    assertThat(all).containsExactlyElementsOf(events.stream().map(ActivityEvent::id).toList());
  }

  @Test
  void a_line_cut_short_by_a_crash_is_cut_off_and_the_next_lines_start_on_their_own()
      throws IOException {
    var file = dir.resolve("events.jsonl");
    var events = events(3);
    new JsonLinesFileSink(file, 1 << 20, 1).deliver(events.subList(0, 1));
    // what a process killed in the middle of a write leaves
    var torn = EventJson.line(events.get(1));
    Files.writeString(
        file,
        torn.substring(0, torn.length() / 2),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    new JsonLinesFileSink(file, 1 << 20, 1).deliver(events.subList(1, 3));
    assertThat(Files.readAllLines(file).stream().map(JsonLinesFileSinkTest::id))
        .containsExactlyElementsOf(events.stream().map(ActivityEvent::id).toList());
  }

  @Test
  void a_file_that_cannot_be_written_fails_the_delivery_and_works_once_it_can() throws IOException {
    var blocker = dir.resolve("blocked");
    Files.writeString(blocker, "a file where the directory should be");
    var sink = new JsonLinesFileSink(blocker.resolve("events.jsonl"), 1 << 20, 1);
    var events = events(1);
    assertThatThrownBy(() -> sink.deliver(events)).isInstanceOf(IOException.class);
    Files.delete(blocker);
    sink.deliver(events);
    assertThat(Files.readAllLines(blocker.resolve("events.jsonl"))).hasSize(1);
  }

  private static String id(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      return node.path("id").asText();
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  static List<ActivityEvent> events(int n) {
    var start = Instant.parse("2026-03-01T10:00:00.120Z");
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                new ActivityEvent(
                    UUID.randomUUID().toString(),
                    "is.vpc.vpc.create",
                    start.plusSeconds(i),
                    Initiator.caller("127.0.0.1", "test/1"),
                    new EventTarget(
                        "crn:v1:bluemix:public:is:us-south:a/acct::vpc:r006-" + (1000 + i),
                        "vpc-" + (1000 + i),
                        "is.vpc/vpc",
                        null),
                    new Result(Outcome.SUCCESS, Reason.of(201, null), Severity.NORMAL),
                    "Virtual Private Cloud: create vpc vpc-" + (1000 + i),
                    new Exchange(
                        "req-" + i,
                        Map.of("requestId", "req-" + i),
                        Map.of("responseURI", "/v1/vpcs/r006-" + (1000 + i)))))
        .toList();
  }
}
