package io.imprint.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import org.webjars.WebJarVersionLocator;

/**
 * The web console under {@code /console/}: our own files from the classpath, and under {@code
 * /console/api/} Swagger UI from its webjar on {@code /openapi.json}. Everything there is served
 * with a strict Content-Security-Policy: scripts, styles and calls only from this origin, no inline
 * script or style, no framing; so data the console shows can never run as code.
 */
public final class Console {
  public static final String PATH = "/console";

  /**
   * {@code data:} images are Swagger UI's icons, inlined in its stylesheet. Nothing else leaves
   * {@code 'self'}.
   */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "form-action 'self'",
          "base-uri 'none'",
          "frame-ancestors 'none'");

  private Console() {}

  /** Serves the console's files; ours first, so that they shadow the webjar's own index.html. */
  public static void serve(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = PATH;
          files.directory = "/console";
          files.location = Location.CLASSPATH;
        });
    var swaggerUi = new WebJarVersionLocator().version("swagger-ui");
    if (swaggerUi == null) {
      throw new IllegalStateException("the swagger-ui webjar is not on the class path");
    }
    config.staticFiles.add(
        files -> {
          files.hostedPath = PATH + "/api";
          files.directory = "/META-INF/resources/webjars/swagger-ui/" + swaggerUi;
          files.location = Location.CLASSPATH;
        });
  }

  /** Before every answer under {@code /console}, files and refusals alike. */
  public static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    // the token lives in the page's memory; a cached page holds none, but the API's answers the
    // console shows must not be kept by shared caches either
    ctx.header("Cache-Control", "no-store");
  }
}
