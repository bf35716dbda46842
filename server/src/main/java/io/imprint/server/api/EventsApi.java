package io.imprint.server.api;

import io.imprint.core.app.event.EventService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.domain.event.Outcome;
import io.imprint.server.http.Http;
import io.imprint.server.wire.EventJson;
import io.imprint.server.wire.Query;
import io.javalin.http.Context;
import java.util.Set;

/**
 * {@code /imprint/v1/events}: the Activity Tracker events kept, newest first. Read only: no API
 * changes or deletes an event.
 */
public final class EventsApi {
  private static final String PATH = "/imprint/v1/events";

  private final Http http;
  private final EventService events;

  public EventsApi(Http http, EventService events) {
    this.http = http;
    this.events = events;
  }

  public void listEvents(Context ctx) {
    var query = http.query(ctx);
    var page = events.listEvents(filter(query), query.page(http.tokens(), PATH));
    http.json(
        ctx,
        200,
        http.wire(ctx)
            .collection(
                ctx, http.tokens(), PATH, "events", query.limit(), page, EventJson::render));
  }

  /**
   * {@code from} (inclusive) and {@code to} (exclusive) as RFC 3339; {@code action} exact, or a
   * prefix when it ends in {@code *}; {@code target.crn}, {@code outcome}, {@code initiator.id}.
   */
  private static EventFilter filter(Query query) {
    var from = query.dateTime("from");
    var to = query.dateTime("to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "from must lie before to.",
          Target.parameter("to", query.string("to")));
    }
    var action = query.string("action");
    String prefix = null;
    if (action != null && action.endsWith("*")) {
      prefix = action.substring(0, action.length() - 1);
      action = null;
    }
    if (action != null && action.contains("*") || prefix != null && prefix.contains("*")) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "action is an action such as is.image.image.deprecate, or a prefix ending in * such as"
              + " is.image.*; * goes only at the end.",
          Target.parameter("action", query.string("action")));
    }
    var outcome = query.enumValue("outcome", Set.of("success", "pending", "failure"));
    return new EventFilter(
        from,
        to,
        action,
        prefix,
        query.string("target.crn"),
        outcome == null ? null : Outcome.fromWire(outcome),
        query.string("initiator.id"));
  }
}
