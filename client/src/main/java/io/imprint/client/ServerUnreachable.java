package io.imprint.client;

import java.io.IOException;

/** No HTTP answer at all: nothing listens at the URL, or the connection broke. */
public final class ServerUnreachable extends RuntimeException {
  public ServerUnreachable(String url, IOException cause) {
    super("cannot reach " + url + ": " + cause.getMessage(), cause);
  }
}
