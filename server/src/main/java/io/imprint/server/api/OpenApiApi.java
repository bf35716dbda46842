package io.imprint.server.api;

import io.imprint.server.http.OpenApiDocument;
import io.imprint.server.http.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /openapi.json}: the OpenAPI document of every route served. Public, as IBM publishes its
 * API definitions: it tells what may be called, never what anyone holds.
 */
public final class OpenApiApi {
  private final Supplier<List<Route>> routes;
  private volatile String document;

  /** {@code routes} is asked at the first call: the list holds this handler's own route too. */
  public OpenApiApi(Supplier<List<Route>> routes) {
    this.routes = routes;
  }

  public void getOpenApi(Context ctx) {
    var json = document;
    if (json == null) {
      json = OpenApiDocument.json(routes.get());
      document = json;
    }
    ctx.contentType("application/json").result(json);
  }
}
