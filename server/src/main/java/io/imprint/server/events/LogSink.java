package io.imprint.server.events;

import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.port.EventSink;
import io.imprint.server.wire.EventJson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events as lines of the {@code imprint.events} log: the message, then the event as JSON. */
public final class LogSink implements EventSink {
  private static final Logger log = LoggerFactory.getLogger("imprint.events");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void deliver(List<ActivityEvent> events) {
    for (var event : events) {
      log.info("{} {}", event.message(), EventJson.line(event));
    }
  }
}
