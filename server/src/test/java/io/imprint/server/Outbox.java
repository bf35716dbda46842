package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.ResourceKind;
import java.util.List;

/**
 * The events a test server wrote to its outbox, read straight from its store, oldest first. An
 * event commits with its change, so once a change is visible through the API its event is here.
 */
final class Outbox {
  private final ImprintServer server;

  Outbox(ImprintServer server) {
    this.server = server;
  }

  List<ActivityEvent> all() {
    return server.store().read(tx -> tx.events().after(0, 1_000_000)).stream()
        .map(e -> e.event())
        .toList();
  }

  /** The events whose target is the resource {@code id}. */
  List<ActivityEvent> about(String id) {
    return all().stream().filter(e -> e.target().crn().endsWith(":" + id)).toList();
  }

  /** The lifecycle advance warnings for image {@code id}. */
  List<ActivityEvent> warnings(String id) {
    return about(id).stream()
        .filter(e -> e.action().equals(ResourceKind.IMAGE.action(ResourceKind.WARN)))
        .toList();
  }

  /**
   * Runs the engine's due work (the lifecycle task gives the warnings), then expects {@code n}
   * warnings for image {@code id}: a warning commits with the run that gave it.
   */
  void awaitWarnings(String id, int n) {
    server.jobs().runDueNow();
    assertThat(warnings(id)).hasSize(n);
  }

  /** "action initiator-name status" of each event about {@code id}, for compact comparisons. */
  List<String> summary(String id) {
    return about(id).stream()
        .map(
            e ->
                e.action()
                    + " "
                    + e.outcome().wire()
                    + " by "
                    + e.initiator().name()
                    + (e.exchange().responseData().containsKey("status")
                        ? " -> " + e.exchange().responseData().get("status")
                        : ""))
        .toList();
  }
}
