package io.imprint.cli;

import com.google.gson.JsonObject;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --resource-group-id | --resource-group-name}. Creating commands fall back to the targeted
 * group ({@code imprint target -g}); list commands list every group unless one is named on the
 * command line.
 */
final class ResourceGroupOptions {
  @Option(names = "--resource-group-id", paramLabel = "ID")
  String id;

  @Option(names = "--resource-group-name", paramLabel = "NAME")
  String name;

  JsonObject resolve(Session session, CommandSpec spec, boolean useTarget) {
    if (id != null && name != null) {
      throw new ParameterException(
          spec.commandLine(), "--resource-group-id and --resource-group-name exclude each other");
    }
    return session.resourceGroup(id, name, useTarget);
  }

  static String describe(JsonObject group) {
    return group == null ? "all resource groups" : "resource group " + Json.text(group, "name");
  }

  static String describeForCreate(JsonObject group) {
    return group == null
        ? "the default resource group"
        : "resource group " + Json.text(group, "name");
  }
}
