package io.imprint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * As {@code ibmcloud logout}: the stored credential goes, the endpoint and the targets stay, so
 * that {@code imprint login --url URL --apikey KEY} is all it takes to come back.
 */
@Command(
    name = "logout",
    description =
        "Forget the API key saved by imprint login (the URL and targeted resource groups stay).")
final class LogoutCommand implements Callable<Integer> {
  private final Session session;

  LogoutCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    var config = session.config();
    var out = session.env.out();
    if (config.get("apikey") == null) {
      out.println("No API key was saved.");
    } else {
      config.set("apikey", null);
      config.save();
      out.println("Logged out: the API key is removed from " + config.file());
    }
    var left = session.apikey();
    if (left != null) {
      session
          .env
          .err()
          .println(
              "Note: "
                  + left.source()
                  + " is still set; later commands send its key until it is unset.");
    }
    return 0;
  }
}
