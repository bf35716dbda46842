package io.imprint.server.http;

import io.imprint.core.app.common.CallContext;
import io.javalin.http.Context;

/**
 * Tells the services which API call the thread serves, for the events they record: the caller's
 * address and user agent, and the request id. Set before every handler, cleared after.
 */
public final class CallContexts {
  private CallContexts() {}

  public static void begin(Context ctx) {
    CallContext.set(
        new CallContext(ctx.ip(), ctx.userAgent(), RequestIds.of(ctx), ctx.path(), null));
  }

  public static void end(Context ctx) {
    CallContext.clear();
  }

  /** The IAM ID of the caller the gate named, or null (no IAM, or a public route). */
  public static String callerIamId() {
    var call = CallContext.current();
    return call == null || call.caller() == null ? null : call.caller().iamId();
  }
}
