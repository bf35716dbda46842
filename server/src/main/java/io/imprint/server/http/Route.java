package io.imprint.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One endpoint: method, path, the IAM action a caller needs, and the handler. */
public record Route(HandlerType method, String path, String iamAction, Handler handler) {
  /** The action of an endpoint anyone may call: IAM's own token and key endpoints. */
  public static final String PUBLIC = "public";

  public boolean isPublic() {
    return PUBLIC.equals(iamAction);
  }
}
