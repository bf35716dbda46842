package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The training run behind bin/imprint's start-up cache answers a first session, stops on its own,
 * leaves nothing.
 */
class StartupTrainingTest {
  @Test
  void the_training_run_serves_a_first_session_and_removes_its_data_dir() throws Exception {
    var before = trainingDirs();
    var access = (Logger) LoggerFactory.getLogger("imprint.access");
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    access.setLevel(Level.INFO);
    access.addAppender(appender);
    try {
      StartupTraining.main(new String[0]);
    } finally {
      access.detachAppender(appender);
    }
    var lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    // an access line: method, path, status, time, request id, route
    assertThat(lines).anyMatch(l -> l.startsWith("GET /v1/images 200 "));
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("GET /v1/images/")
                    && l.contains(" 200 ")
                    && l.endsWith(" /v1/images/{id}"));
    assertThat(lines).anyMatch(l -> l.startsWith("POST /v1/volumes 201 "));
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("DELETE /v1/volumes/")
                    && l.contains(" 204 ")
                    && l.endsWith(" /v1/volumes/{id}"));
    assertThat(trainingDirs()).isEqualTo(before);
  }

  private static long trainingDirs() throws Exception {
    try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("imprint-training-")).count();
    }
  }
}
