package io.imprint.cli;

import picocli.CommandLine.Option;

/**
 * {@code --output JSON} and {@code -q}, on every command that shows resources, as on the real CLI.
 */
final class Output {
  enum Format {
    JSON
  }

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "Print the API's JSON instead of a table (JSON is the only format; a list prints as a bare array).")
  Format format;

  @Option(
      names = {"-q", "--quiet"},
      description = "Leave out the context line and progress.")
  boolean quiet;

  boolean json() {
    return format == Format.JSON;
  }
}
