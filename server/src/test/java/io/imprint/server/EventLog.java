package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The events the server reports (the {@code imprint.events} logger, one line per event: "action
 * type id from -> to cause=X[ reason=Y]"), captured from {@link #capture()} until {@link #close()}.
 */
final class EventLog implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("imprint.events");

  private EventLog() {
    appender.start();
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
  }

  static EventLog capture() {
    return new EventLog();
  }

  /** Every event line so far, in order. */
  List<String> lines() {
    // the appender adds under its own lock while the server's threads report
    synchronized (appender) {
      return new ArrayList<>(
          appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
  }

  /** The advance warnings for image {@code id}. */
  List<String> warnings(String id) {
    return lines().stream()
        .filter(m -> m.startsWith("image.lifecycle.warning image " + id))
        .toList();
  }

  /** Waits up to 5 s for exactly {@code n} warnings for image {@code id}. */
  void awaitWarnings(String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (warnings(id).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(warnings(id)).hasSize(n);
  }

  /**
   * Waits up to 5 s for a line starting with {@code prefix}: events are announced after their
   * commit, so one may still be on its way when the change it reports is already visible through
   * the API.
   */
  void awaitLineStartingWith(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (lines().stream().noneMatch(l -> l.startsWith(prefix)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lines()).anyMatch(l -> l.startsWith(prefix));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
