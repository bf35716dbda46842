package io.imprint.cli;

import com.ibm.cloud.sdk.core.security.NoAuthAuthenticator;
import io.imprint.client.ImprintClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "login",
    description =
        "Store the server's URL (and an API key) for later commands, in a file only you can read.")
final class LoginCommand implements Callable<Integer> {
  private final Session session;
  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The server's base URL, e.g. http://127.0.0.1:8080")
  String url;

  @Option(
      names = "--apikey",
      paramLabel = "KEY",
      description = "An API key; kept for when the server checks IAM tokens.")
  String apikey;

  LoginCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    try {
      var uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ParameterException(
            spec.commandLine(), "--url must be an http or https URL, e.g. http://127.0.0.1:8080");
      }
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "--url is not a URL: " + e.getMessage());
    }
    var config = session.config();
    config.set("url", url);
    if (apikey != null) {
      config.set("apikey", apikey);
    }
    // ask the server something before saving: a typo should fail here, not at the next command
    var groups = new ImprintClient(url, new NoAuthAuthenticator()).listResourceGroups();
    config.save();
    session
        .env
        .out()
        .println(
            "Logged in to "
                + url
                + " ("
                + groups.size()
                + " resource groups). Settings saved in "
                + config.file());
    return 0;
  }
}
