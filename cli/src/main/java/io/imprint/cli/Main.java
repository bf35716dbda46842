package io.imprint.cli;

import io.imprint.client.ApiError;
import io.imprint.client.AuthenticationFailed;
import io.imprint.client.ServerUnreachable;
import picocli.CommandLine;

/**
 * {@code imprint}: the command line. Exit codes: 0 done, 1 the API or the world refused (an error
 * code, a message and the trace are printed), 2 a usage mistake.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Env.system(), args));
  }

  public static int run(Env env, String... args) {
    var session = new Session(env);
    var cli =
        new CommandLine(new ImprintCommand(), new Factory(session))
            .setCaseInsensitiveEnumValuesAllowed(true)
            // @FILE is login's key file, as in IBM's CLI, not picocli's file of more arguments
            .setExpandAtFiles(false)
            .setOut(env.out())
            .setErr(env.err())
            .setExecutionExceptionHandler((e, commandLine, parsed) -> failed(session, e));
    try {
      return cli.execute(args);
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  /** The real CLI's failure block: FAILED, then the error code, message and trace. */
  private static int failed(Session session, Exception e) {
    var err = session.env.err();
    if (e instanceof Unfinished unfinished) {
      int code = failed(session, (Exception) unfinished.getCause());
      err.println(unfinished.left());
      err.flush();
      return code;
    }
    err.println("FAILED");
    switch (e) {
      case ApiError api when api.status() == 401 -> {
        // the server wants a token, or refused the one sent (expired, or signed for another server)
        printApiError(err, api);
        err.println("Tip: " + session.loginTip());
      }
      case ApiError api -> printApiError(err, api);
      case AuthenticationFailed refused -> {
        var apikey = session.apikey();
        err.println(
            (apikey == null ? "The API key" : capitalized(apikey.described()))
                + " was refused by "
                + refused.tokenUrl()
                + ": "
                + refused.getMessage()
                + " ("
                + refused.code()
                + ")");
        err.println("Tip: " + session.loginTip());
      }
      case ApiRefusal refusal -> {
        printApiError(err, refusal.error());
        err.println("Tip: " + refusal.tip());
      }
      case CliFailure failure -> err.println(failure.getMessage());
      case ServerUnreachable unreachable -> err.println(unreachable.getMessage());
      case CommandLine.ParameterException usage -> {
        err.println(usage.getMessage());
        err.flush();
        return CommandLine.ExitCode.USAGE;
      }
      default -> {
        err.println("unexpected error: " + e);
        e.printStackTrace(err);
      }
    }
    err.flush();
    return 1;
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static void printApiError(java.io.PrintWriter err, ApiError api) {
    err.println("Error code: " + api.code());
    err.println("Error message: " + api.getMessage());
    if (api.target() != null) {
      err.println("Target: " + api.target());
    }
    if (api.trace() != null) {
      err.println("Trace ID: " + api.trace());
    }
  }

  /** Gives commands the invocation's {@link Session}. */
  private record Factory(Session session) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        var constructor = type.getDeclaredConstructor(Session.class);
        return constructor.newInstance(session);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
