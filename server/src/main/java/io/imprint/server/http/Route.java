package io.imprint.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One endpoint: method, path, the IAM action a caller needs, and the handler. */
public record Route(HandlerType method, String path, String iamAction, Handler handler) {}
