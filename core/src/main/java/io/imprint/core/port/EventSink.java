package io.imprint.core.port;

import io.imprint.core.domain.event.ActivityEvent;
import java.io.IOException;
import java.util.List;

/**
 * Where committed events are delivered (a JSON-lines file, the log). Delivery is at least once: an
 * event a sink wrote may come again after a crash, with the same id.
 */
public interface EventSink {
  /** The sink's name, under which its delivery cursor is kept. */
  String name();

  /**
   * Writes {@code events} in order and returns once they are stored as durably as this sink can (a
   * file: flushed to the disk); a throw means none of them may be counted as delivered.
   */
  void deliver(List<ActivityEvent> events) throws IOException;
}
