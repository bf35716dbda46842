package io.imprint.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.port.StorageFullException;
import io.imprint.server.wire.Links;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP status and IBM's error body: {@code
 * {"errors":[{"code","message","more_info","target"}],"trace","status_code"}}. {@code errors} is
 * never empty and {@code errors[0].message} always present, because older Go SDK cores index {@code
 * errors[0]} unchecked.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
  static final String RENDERED = "imprint.error-rendered";

  /**
   * The longest piece of a request's text an error body repeats: room for a CRN (a Key Protect
   * key's is about 150 characters), so that a refused key is named in the message.
   */
  static final int MAX_ECHO = 200;

  /** What a 503 asks the client to wait, in seconds. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** The longest message an error body carries. */
  static final int MAX_MESSAGE = 1024;

  private final ObjectMapper json;
  private final Links links;
  private final Refusals refusals;

  public ErrorMapper(ObjectMapper json, Links links, Refusals refusals) {
    this.json = json;
    this.links = links;
    this.refusals = refusals;
  }

  public void render(Context ctx, ApiException refusal) {
    var e = bounded(refusal);
    var body = body(e, RequestIds.of(ctx), e.code().httpStatus());
    ctx.attribute(RENDERED, Boolean.TRUE);
    if (e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
      // busy, not broken: the buffers of running transfers free up within seconds
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (e.code() == ErrorCode.TOO_MANY_REQUESTS) {
      // failed sign-ins are forgotten after the throttle's window
      ctx.header("Retry-After", "300");
    }
    ctx.status(e.code().httpStatus()).contentType("application/json").result(body.toString());
    refusals.record(ctx, e);
  }

  /**
   * The body of an error Jetty answers itself, before any handler runs (a request line or headers
   * it cannot accept): IBM's shape, with {@code status_code} the status Jetty sends and a trace of
   * its own, since the request's headers may never have been read.
   */
  public byte[] badMessage(int status, String reason, String trace) {
    var code =
        switch (status) {
          case 413 -> ErrorCode.HTTP_REQUEST_SIZE_EXCEEDED;
          case 414 -> ErrorCode.URI_TOO_LONG;
          case 426 -> ErrorCode.UPGRADE_REQUIRED;
          case 431 -> ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE;
          case 501 -> ErrorCode.NOT_IMPLEMENTED;
          case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
          default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    var message =
        switch (code) {
          case URI_TOO_LONG -> "The request's URI is longer than this server accepts (8 KiB).";
          case REQUEST_HEADER_FIELDS_TOO_LARGE ->
              "The request's headers are larger than this server accepts (8 KiB).";
          case UPGRADE_REQUIRED, HTTP_VERSION_NOT_SUPPORTED ->
              "Only HTTP/1.0 and HTTP/1.1 are served here.";
          case HTTP_REQUEST_SIZE_EXCEEDED -> "The request body is larger than this server accepts.";
          default ->
              "The request could not be read as HTTP"
                  + (reason == null || reason.isBlank() ? "." : ": " + reason + ".");
        };
    var body = body(bounded(new ApiException(code, message)), trace, status);
    return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** IBM's error body for {@code e}: {@code errors[0]}, {@code trace} and {@code status_code}. */
  private ObjectNode body(ApiException e, String trace, int status) {
    var error = json.createObjectNode();
    error.put("code", e.code().code());
    error.put("message", e.getMessage());
    error.put("more_info", links.moreInfo(e.code().code()));
    if (e.target() != null) {
      var target = error.putObject("target");
      target.put("name", e.target().name());
      target.put("type", e.target().type().wire());
      if (e.target().value() != null) {
        target.put("value", e.target().value());
      }
    }
    ObjectNode body = json.createObjectNode();
    body.putArray("errors").add(error);
    body.put("trace", trace);
    body.put("status_code", status);
    return body;
  }

  /** Javalin's own refusals (body too large, and the like) in IBM's shape. */
  public void renderJavalin(Context ctx, HttpResponseException e) {
    if (e.getStatus() == 404 || e.getStatus() == 405) {
      ctx.status(e.getStatus());
      renderStatus(ctx);
      return;
    }
    var code =
        switch (e.getStatus()) {
          case 413 -> ErrorCode.HTTP_REQUEST_SIZE_EXCEEDED;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          default -> e.getStatus() < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    render(ctx, new ApiException(code, messageFor(code, e.getMessage())));
  }

  /**
   * An I/O failure while reading the request body: the client sent less than it announced, or went
   * away. A failure that wraps an API refusal (raised while the body was being consumed) is that
   * refusal.
   */
  public void renderIo(Context ctx, IOException e) {
    if (StorageFullException.in(e)) {
      renderUnexpected(ctx, e);
      return;
    }
    if (!(e.getCause() instanceof ApiException)) {
      log.warn(
          "request {} {} [{}]: {}", ctx.method(), ctx.path(), RequestIds.of(ctx), e.toString());
    }
    render(ctx, unreadBody(e));
  }

  /**
   * The refusal of a request whose body could not be read to its end (it stopped short of its
   * {@code Content-Length} or its last chunk, or the connection broke): the client's failure, a
   * 400, never a 500. A failure that wraps an API refusal is that refusal.
   */
  public static ApiException unreadBody(IOException e) {
    if (e.getCause() instanceof ApiException api) {
      return api;
    }
    var reason = e.getMessage();
    return new ApiException(
        ErrorCode.BAD_REQUEST,
        "The request body could not be read completely"
            + (reason == null || reason.isBlank() ? "." : ": " + reason + "."));
  }

  /**
   * Anything unexpected: logged with the request id, answered as a 500 that reveals nothing
   * internal.
   */
  public void renderUnexpected(Context ctx, Exception e) {
    if (StorageFullException.in(e)) {
      log.warn(
          "request {} {} [{}]: no space left: {}",
          ctx.method(),
          ctx.path(),
          RequestIds.of(ctx),
          e.toString());
      render(
          ctx,
          new ApiException(
              ErrorCode.INSUFFICIENT_STORAGE,
              "The server has no storage space left for this change; nothing of it was kept."
                  + " Retry once space is freed."));
      return;
    }
    log.error("request {} {} failed [{}]", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
    render(
        ctx,
        new ApiException(
            ErrorCode.INTERNAL_ERROR,
            "Imprint failed to handle the request; the server log has the details under trace "
                + RequestIds.of(ctx)
                + "."));
  }

  /** For error statuses Javalin sets without an exception (no route matched, wrong method). */
  public void renderStatus(Context ctx) {
    if (ctx.attribute(RENDERED) != null) {
      return;
    }
    if (ctx.status().getCode() == 404) {
      render(
          ctx,
          new ApiException(
              ErrorCode.NOT_FOUND,
              "No such endpoint: "
                  + ctx.method()
                  + " "
                  + ctx.path()
                  + ". Please check the path of the request."));
    } else if (ctx.status().getCode() == 405) {
      render(
          ctx,
          new ApiException(
              ErrorCode.METHOD_NOT_ALLOWED,
              "The method " + ctx.method() + " is not allowed on " + ctx.path() + "."));
    }
  }

  /**
   * {@code e} with the request's text echoed at most once and at most {@value #MAX_ECHO} characters
   * long, so that an error body never outgrows the request that caused it (a 2 MiB name came back
   * twice, in the message and the target's value). A long value is kept in the target, cut short;
   * the message refers to it instead of repeating it.
   */
  static ApiException bounded(ApiException e) {
    var target = e.target();
    var message = e.getMessage() == null ? "" : e.getMessage();
    boolean changed = false;
    if (target != null && target.value() != null && target.value().length() > MAX_ECHO) {
      message = message.replace(target.value(), "(the value in target.value)");
      target = new Target(target.name(), target.type(), cut(target.value()));
      changed = true;
    }
    if (message.length() > MAX_MESSAGE) {
      message = cut(message, MAX_MESSAGE);
      changed = true;
    }
    return changed ? new ApiException(e.code(), message, target) : e;
  }

  private static String cut(String value) {
    return cut(value, MAX_ECHO);
  }

  private static String cut(String value, int max) {
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end) + "… (" + value.length() + " characters)";
  }

  private static String messageFor(ErrorCode code, String original) {
    return switch (code) {
      case HTTP_REQUEST_SIZE_EXCEEDED -> "The request body is larger than this server accepts.";
      default ->
          original == null || original.isBlank() ? "The request could not be handled." : original;
    };
  }
}
