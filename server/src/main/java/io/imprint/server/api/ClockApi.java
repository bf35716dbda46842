package io.imprint.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.common.VirtualClock;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.Http;
import io.imprint.server.wire.Dates;
import io.imprint.server.wire.Json;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Extension, beyond IBM: the virtual clock ({@code clock: virtual}). {@code GET /imprint/v1/clock}
 * shows the server's time; {@code POST /imprint/v1/clock {"advance": "PT36H"}} or {@code {"set":
 * "<RFC 3339>"}} moves it forward, and the lifecycle scheduler reacts at once. 404 when the server
 * runs on the system clock.
 */
public final class ClockApi {
  private final Http http;
  private final VirtualClock clock;

  public ClockApi(Http http, VirtualClock clock) {
    this.http = http;
    this.clock = clock;
  }

  public void getClock(Context ctx) {
    http.json(ctx, 200, body(requireVirtual().instant()));
  }

  public void moveClock(Context ctx) {
    var clock = requireVirtual();
    var body = http.body(ctx);
    var advance = body.string("advance");
    var set = body.string("set");
    if ((advance == null) == (set == null)) {
      throw new ApiException(
          ErrorCode.VALIDATION_ONLY_ONE,
          "Give exactly one of advance (a duration such as PT36H) or set (an RFC 3339 time).",
          Target.field("advance"));
    }
    Instant now;
    if (advance != null) {
      Duration amount;
      try {
        amount = Duration.parse(advance);
      } catch (DateTimeParseException e) {
        throw new ApiException(
            ErrorCode.VALIDATION_INVALID_FIELD_TYPE,
            "advance must be an ISO-8601 duration such as PT36H or P365D.",
            Target.field("advance", advance));
      }
      now = clock.advance(amount);
    } else {
      now = clock.set(body.dateTime("set"));
    }
    http.json(ctx, 200, body(now));
  }

  private VirtualClock requireVirtual() {
    if (clock == null) {
      throw new ApiException(
          ErrorCode.NOT_FOUND,
          "The virtual clock is off: start the server with clock=virtual to use it.");
    }
    return clock;
  }

  private static ObjectNode body(Instant now) {
    var node = Json.object();
    node.put("now", Dates.format(now));
    node.put("virtual", true);
    return node;
  }
}
