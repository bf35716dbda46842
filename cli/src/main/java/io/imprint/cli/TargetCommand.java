package io.imprint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "target",
    description = "Show the target, or pick the resource group that new resources go to (-g NAME).")
final class TargetCommand implements Callable<Integer> {
  private final Session session;

  @Option(
      names = {"-g"},
      paramLabel = "NAME",
      description = "The resource group's name.")
  String group;

  @Option(names = "--unset-resource-group", description = "Forget the targeted resource group.")
  boolean unset;

  TargetCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    var config = session.config();
    if (unset) {
      config.set("resource_group_id", null);
      config.set("resource_group_name", null);
      config.save();
    } else if (group != null) {
      var found = session.resourceGroup(null, group, false);
      config.set("resource_group_id", Json.text(found, "id"));
      config.set("resource_group_name", Json.text(found, "name"));
      config.save();
    }
    var out = session.env.out();
    out.println("API endpoint:     " + session.url());
    out.println(
        "API key:          "
            + (session.apikey() == null
                ? "none"
                : "set"
                    + (session.env.variable("IMPRINT_APIKEY") != null ? " (IMPRINT_APIKEY)" : "")
                    + "; not sent until the server checks IAM tokens"));
    var name = config.get("resource_group_name");
    out.println(
        "Resource group:   "
            + (name == null
                ? "No resource group targeted, use 'imprint target -g RESOURCE_GROUP'"
                : name));
    return 0;
  }
}
