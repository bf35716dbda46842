package io.imprint.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers in IBM's JSON shape instead of its HTML page: the refusals it makes
 * before any handler runs (a URI or headers too long, a request line or framing it cannot parse, an
 * HTTP version it does not serve) and the errors it answers inside the servlet around Javalin. Each
 * gets a fresh trace, sent as {@code X-Request-Id} too, and is counted ({@code refused}) as a
 * request no route matched.
 */
public final class JettyErrors extends ErrorHandler {
  private final ErrorMapper errors;
  private final IntConsumer refused;

  /**
   * @param refused told the status of every request Jetty refused before it could be routed
   */
  public JettyErrors(ErrorMapper errors, IntConsumer refused) {
    this.errors = errors;
    this.refused = refused;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    var trace = UUID.randomUUID().toString();
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(RequestIds.HEADER, trace);
    refused.accept(status);
    return ByteBuffer.wrap(errors.badMessage(status, reason, trace));
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    var trace = RequestIds.orNew(request.getHeader(RequestIds.HEADER));
    var body = errors.badMessage(code, message, trace);
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.setHeader(RequestIds.HEADER, trace);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
