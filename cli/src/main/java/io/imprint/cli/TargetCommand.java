package io.imprint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "target",
    description = {
      "Show the target, or pick the resource group that new resources go to (-g NAME).",
      "The group is kept for the endpoint it was picked on: another server starts with none."
    })
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
      config.target(session.url(), null);
      config.save();
    } else if (group != null) {
      var found = session.resourceGroup(null, group, false);
      config.target(
          session.url(), new CliConfig.Target(Json.text(found, "id"), Json.text(found, "name")));
      config.save();
    }
    var out = session.env.out();
    out.println("API endpoint:     " + session.url());
    var apikey = session.apikey();
    out.println(
        "API key:          "
            + (apikey == null
                ? "none"
                : "set ("
                    + (apikey.source() == null ? "saved by imprint login" : apikey.source())
                    + "); every request carries a token for it"));
    var target = config.target(session.url());
    out.println(
        "Resource group:   "
            + (target == null
                ? "No resource group targeted, use 'imprint target -g RESOURCE_GROUP'"
                : target.groupName()));
    return 0;
  }
}
