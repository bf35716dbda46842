package io.imprint.core.port;

import io.imprint.core.domain.event.ChangeEvent;
import org.slf4j.LoggerFactory;

/** The one place every status change of an image, a volume or an instance is reported to. */
public interface Events {
  void emit(ChangeEvent event);

  /**
   * Reports {@code event} once {@code tx} commits, and never if it rolls back: only what really
   * happened is told.
   */
  default void emitAfterCommit(Tx tx, ChangeEvent event) {
    tx.afterCommit(() -> emit(event));
  }

  /** Writes each event as one log line ({@code imprint.events}). */
  static Events logging() {
    var log = LoggerFactory.getLogger("imprint.events");
    return event ->
        log.info(
            "{} {} {} {} -> {} cause={}{}",
            event.action(),
            event.targetType(),
            event.targetId(),
            event.from(),
            event.to(),
            event.cause(),
            event.reason() == null ? "" : " reason=" + event.reason());
  }
}
