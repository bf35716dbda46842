package io.imprint.cli;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tag-attach}, {@code tag-detach} and {@code tags}: user tags by CRN, as {@code ibmcloud
 * resource tag-attach --resource-id CRN --tag-names TAGS} and {@code ibmcloud resource tags} name
 * them.
 */
final class TagCommands {
  private TagCommands() {}

  @Command(name = "tag-attach", description = "Attach user tags to a resource (by its CRN).")
  static final class TagAttach implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Option(names = "--resource-id", required = true, paramLabel = "CRN")
    String resourceId;

    @Option(
        names = "--tag-names",
        required = true,
        split = ",",
        paramLabel = "TAGS",
        description = "Comma-separated tag names, e.g. env:prod,team:a.")
    List<String> tagNames;

    TagAttach(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Attaching tags to " + resourceId + " at " + session.url() + "...");
      return report(session, output, session.client().attachTag(List.of(resourceId), tagNames));
    }
  }

  @Command(name = "tag-detach", description = "Detach user tags from a resource (by its CRN).")
  static final class TagDetach implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Option(names = "--resource-id", required = true, paramLabel = "CRN")
    String resourceId;

    @Option(
        names = "--tag-names",
        required = true,
        split = ",",
        paramLabel = "TAGS",
        description = "Comma-separated tag names.")
    List<String> tagNames;

    TagDetach(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Detaching tags from " + resourceId + " at " + session.url() + "...");
      return report(session, output, session.client().detachTag(List.of(resourceId), tagNames));
    }
  }

  @Command(
      name = "tags",
      description = "List the account's user tags, or those attached to one resource.")
  static final class Tags implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Option(names = "--attached-to", paramLabel = "CRN")
    String attachedTo;

    Tags(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(
          output,
          (attachedTo == null ? "Listing tags" : "Listing tags attached to " + attachedTo)
              + " at "
              + session.url()
              + "...");
      var tags = session.client().listTags(attachedTo);
      if (session.printedWithoutTable(output, tags, "tags")) {
        return 0;
      }
      var table = new Table("Name");
      tags.forEach(t -> table.row(Json.text(t, "name")));
      session.print(table);
      return 0;
    }
  }

  /** OK when every resource was tagged; else each refusal, and exit 1. */
  private static int report(Session session, Output output, List<JsonObject> results) {
    if (output.json()) {
      session.printJson(results);
    }
    var failed =
        results.stream()
            .filter(r -> r.has("is_error") && r.get("is_error").getAsBoolean())
            .toList();
    if (failed.isEmpty()) {
      if (!output.json()) {
        session.print("OK\n");
      }
      return 0;
    }
    throw new CliFailure(
        String.join(
            "\n",
            failed.stream()
                .map(r -> Json.text(r, "resource_id") + ": " + Json.text(r, "message"))
                .toList()));
  }
}
