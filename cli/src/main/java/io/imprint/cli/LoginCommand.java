package io.imprint.cli;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.imprint.client.AuthenticationFailed;
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
    description = {
      "Store the server's URL and an API key for later commands, in a file only you can read.",
      "The key is checked first: it must get a token from the server, and nothing is saved when it"
          + " does not. Without --apikey, the key in IMPRINT_APIKEY or IBMCLOUD_API_KEY, else the"
          + " one saved before, is checked."
    })
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
      description =
          "An API key, or @FILE to read it from a file (the key alone, or the JSON file IBM Cloud"
              + " gives, with an \"apikey\" member).")
  String apikey;

  LoginCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    checkUrl();
    var given = apikey == null ? null : new Session.Apikey(key(apikey), Session.Apikey.GIVEN);
    var key = given != null ? given : session.apikey();
    var client = session.client(url, key);
    // a wrong key or a typo in the URL should fail here, before anything is saved, not at the
    // next command
    try {
      client.authenticate();
    } catch (AuthenticationFailed e) {
      throw new CliFailure(
          key.described()
              + " was refused by "
              + e.tokenUrl()
              + ": "
              + e.getMessage()
              + " ("
              + e.code()
              + "). Nothing was saved.");
    }
    var groups = client.listResourceGroups();
    var config = session.config();
    config.set("url", url);
    if (given != null) {
      config.set("apikey", given.value());
    }
    config.save();
    var out = session.env.out();
    out.println(
        "Logged in to "
            + url
            + (key == null
                ? " without an API key"
                : " with " + (key == given ? "an API key" : key.described()))
            + " ("
            + groups.size()
            + " resource groups). Settings saved in "
            + config.file());
    var shadowing = session.apikey();
    if (given != null && shadowing != null && shadowing.source() != null) {
      session
          .env
          .err()
          .println(
              "Note: "
                  + shadowing.source()
                  + " is set, and later commands use its key instead of the one saved here"
                  + " until it is unset.");
    }
    return 0;
  }

  private void checkUrl() {
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
  }

  /**
   * The key itself, or {@code @FILE}'s content as IBM's CLI reads it: the key alone (surrounding
   * whitespace, a trailing newline say, dropped), or the JSON file the IBM Cloud console downloads.
   */
  private String key(String value) {
    String key = value;
    if (value.startsWith("@")) {
      key =
          AtFile.read(
                  "--apikey", value, message -> new ParameterException(spec.commandLine(), message))
              .strip();
      if (key.startsWith("{")) {
        key = fromJson(value, key);
      }
    }
    if (key.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--apikey " + value + ": the key is empty");
    }
    return key;
  }

  private String fromJson(String value, String json) {
    try {
      var member = JsonParser.parseString(json).getAsJsonObject().get("apikey");
      if (member != null && member.isJsonPrimitive()) {
        return member.getAsString().strip();
      }
    } catch (JsonParseException | IllegalStateException e) {
      // not JSON after all: said below
    }
    throw new ParameterException(
        spec.commandLine(),
        "--apikey "
            + value
            + ": the file starts with '{' but is not a JSON object with an \"apikey\" member");
  }
}
