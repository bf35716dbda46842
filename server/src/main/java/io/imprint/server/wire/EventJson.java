package io.imprint.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.event.ActivityEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event in Activity Tracker's CADF shape, the same in the API, the JSON-lines file and the log:
 * {@code eventTime} as AT writes it ({@code 2026-03-01T10:00:00.12+0000}), maps with sorted keys,
 * so that one event always renders to the same bytes wherever it goes.
 */
public final class EventJson {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SS'+0000'").withZone(ZoneOffset.UTC);

  private EventJson() {}

  public static ObjectNode render(ActivityEvent e) {
    var node = Json.object();
    node.put("id", e.id());
    node.put("action", e.action());
    node.put("outcome", e.outcome().wire());
    node.put("eventTime", TIME.format(e.eventTime()));
    var initiator = node.putObject("initiator");
    var i = e.initiator();
    initiator.put("id", i.id());
    initiator.put("name", i.name());
    initiator.put("typeURI", i.typeUri());
    if (i.credentialType() != null) {
      initiator.putObject("credential").put("type", i.credentialType());
    }
    if (i.address() != null || i.agent() != null) {
      var host = initiator.putObject("host");
      Json.putIfSet(host, "address", i.address());
      Json.putIfSet(host, "addressType", i.addressType());
      Json.putIfSet(host, "agent", i.agent());
    }
    var target = node.putObject("target");
    target.put("id", e.target().crn());
    Json.putIfSet(target, "name", e.target().name());
    target.put("typeURI", e.target().typeUri());
    Json.putIfSet(target, "resourceGroupId", e.target().resourceGroupCrn());
    var reason = node.putObject("reason");
    var r = e.result().reason();
    Json.putIfSet(reason, "reasonCode", r.reasonCode());
    Json.putIfSet(reason, "reasonType", r.reasonType());
    Json.putIfSet(reason, "reasonForFailure", r.reasonForFailure());
    node.put("severity", e.result().severity().wire());
    map(node.putObject("requestData"), e.exchange().requestData());
    map(node.putObject("responseData"), e.exchange().responseData());
    Json.putIfSet(node, "correlationId", e.exchange().correlationId());
    node.put("message", e.message());
    node.putObject("observer").put("name", "ActivityTracker");
    node.put("dataEvent", false);
    return node;
  }

  /** The event as one line of JSON, without the line break. */
  public static String line(ActivityEvent e) {
    try {
      return Json.MAPPER.writeValueAsString(render(e));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("a rendered tree cannot fail to serialise", x);
    }
  }

  private static void map(ObjectNode node, Map<String, String> values) {
    new TreeMap<>(values).forEach(node::put);
  }
}
