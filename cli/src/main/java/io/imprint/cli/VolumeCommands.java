package io.imprint.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code volumes}, {@code volume} and {@code volume-create}. */
final class VolumeCommands {
  private VolumeCommands() {}

  @Command(name = "volumes", description = "List volumes.")
  static final class Volumes implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin ResourceGroupOptions groupOptions;

    @Option(
        names = "--attachment-state",
        paramLabel = "STATE",
        description = "attached, unattached or unusable.")
    String attachmentState;

    @Option(
        names = "--encryption",
        paramLabel = "ENCRYPTION",
        description = "provider_managed or user_managed (a customer root key).")
    String encryption;

    @Option(names = "--zone", paramLabel = "ZONE")
    String zone;

    Volumes(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var filters = new LinkedHashMap<String, String>();
      var group = groupOptions.resolve(session, spec, false);
      if (group != null) {
        filters.put("resource_group.id", Json.text(group, "id"));
      }
      if (attachmentState != null) {
        filters.put("attachment_state", attachmentState);
      }
      if (encryption != null) {
        filters.put("encryption", encryption);
      }
      if (zone != null) {
        filters.put("zone.name", zone);
      }
      session.context(
          output,
          "Listing volumes in "
              + ResourceGroupOptions.describe(group)
              + " at "
              + session.url()
              + "...");
      var volumes = session.client().listVolumes(filters);
      if (session.printedWithoutTable(output, volumes, "volumes")) {
        return 0;
      }
      var table =
          new Table(
              "ID",
              "Name",
              "Status",
              "Capacity",
              "IOPS",
              "Profile",
              "Attachment state",
              "Encryption",
              "Zone",
              "Resource group");
      for (var v : volumes) {
        table.row(
            Json.text(v, "id"),
            Json.text(v, "name"),
            Json.text(v, "status"),
            Json.text(v, "capacity"),
            Json.text(v, "iops"),
            Json.text(v, "profile", "name"),
            Json.text(v, "attachment_state"),
            Json.text(v, "encryption"),
            Json.text(v, "zone", "name"),
            Json.text(v, "resource_group", "name"));
      }
      session.print(table);
      return 0;
    }
  }

  @Command(name = "volume", description = "View a volume's details (VOLUME is an ID or a name).")
  static final class Volume implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "VOLUME")
    String volume;

    Volume(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting volume " + volume + " at " + session.url() + "...");
      show(session, output, session.volume(volume));
      return 0;
    }
  }

  @Command(
      name = "volume-create",
      description = {
        "Create a data volume.",
        "PROFILE_NAME is a volume profile (imprint volume-profiles lists them). Without --encryption-key the volume is provider-managed."
      })
  static final class VolumeCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "VOLUME_NAME")
    String name;

    @Parameters(index = "1", paramLabel = "PROFILE_NAME")
    String profile;

    @Parameters(index = "2", paramLabel = "ZONE_NAME")
    String zone;

    @Option(
        names = "--capacity",
        paramLabel = "GB",
        description = "The volume's size, from 10 to the profile's maximum (default 100).")
    Integer capacity;

    @Option(
        names = "--iops",
        paramLabel = "N",
        description =
            "IOPS, for the custom and sdp profiles only (the others set it from capacity).")
    Integer iops;

    @Option(
        names = "--encryption-key",
        paramLabel = "CRN",
        description = "The volume's root key (a Key Protect key's CRN).")
    String encryptionKey;

    @Option(
        names = "--tags",
        split = ",",
        paramLabel = "TAG",
        description = "User tags (comma-separated).")
    List<String> tags;

    @Mixin ResourceGroupOptions groupOptions;

    VolumeCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var group = groupOptions.resolve(session, spec, true);
      var prototype = new JsonObject();
      prototype.addProperty("name", name);
      prototype.add("profile", ImageCommands.identity("name", profile));
      prototype.add("zone", ImageCommands.identity("name", zone));
      if (capacity != null) {
        prototype.addProperty("capacity", capacity);
      }
      if (iops != null) {
        prototype.addProperty("iops", iops);
      }
      if (encryptionKey != null) {
        prototype.add("encryption_key", RootKeys.reference(encryptionKey));
      }
      if (tags != null) {
        var userTags = new JsonArray();
        tags.forEach(userTags::add);
        prototype.add("user_tags", userTags);
      }
      if (group != null) {
        prototype.add("resource_group", ImageCommands.identity("id", Json.text(group, "id")));
      }
      session.context(
          output,
          "Creating volume "
              + name
              + " in "
              + ResourceGroupOptions.describeForCreate(group)
              + " at "
              + session.url()
              + "...");
      show(
          session,
          output,
          RootKeys.tipOnRefusal(encryptionKey, () -> session.client().createVolume(prototype)));
      return 0;
    }
  }

  private static String userTags(JsonObject volume) {
    var tags = volume.getAsJsonArray("user_tags");
    if (tags == null || tags.isEmpty()) {
      return "-";
    }
    var names = new ArrayList<String>();
    tags.forEach(t -> names.add(t.getAsString()));
    return String.join(", ", names);
  }

  static void show(Session session, Output output, JsonObject volume) {
    if (output.json()) {
      session.printJson(volume);
      return;
    }
    var source = new Table("ID", "Name");
    if (Json.object(volume, "source_image") != null) {
      source.row(
          Json.text(volume, "source_image", "id"), Json.text(volume, "source_image", "name"));
    }
    var attachments = new Table("Instance ID", "Instance name", "Type", "Name");
    var list = volume.getAsJsonArray("volume_attachments");
    if (list != null) {
      list.forEach(
          a ->
              attachments.row(
                  Json.text(a.getAsJsonObject(), "instance", "id"),
                  Json.text(a.getAsJsonObject(), "instance", "name"),
                  Json.text(a.getAsJsonObject(), "type"),
                  Json.text(a.getAsJsonObject(), "name")));
    }
    session.print(
        new Details()
            .add("ID", Json.text(volume, "id"))
            .add("Name", Json.text(volume, "name"))
            .add("CRN", Json.text(volume, "crn"))
            .add("Status", Json.text(volume, "status"))
            .add("Attachment state", Json.text(volume, "attachment_state"))
            .add("Capacity", Json.text(volume, "capacity"))
            .add("IOPS", Json.text(volume, "iops"))
            .add("Bandwidth(Mbps)", Json.text(volume, "bandwidth"))
            .add("Profile", Json.text(volume, "profile", "name"))
            .add("Encryption", Json.text(volume, "encryption"))
            .add("Encryption key", Json.text(volume, "encryption_key", "crn"))
            .add("Source image", source)
            .add("Operating system", Json.text(volume, "operating_system", "name"))
            .add("Busy", Json.text(volume, "busy"))
            .add("Active", Json.text(volume, "active"))
            .add("Resource group", Json.text(volume, "resource_group", "name"))
            .add("User tags", userTags(volume))
            .add("Zone", Json.text(volume, "zone", "name"))
            .add("Created", Times.show(Json.text(volume, "created_at"), session.env.zone()))
            .add("Volume Attachments", attachments));
  }
}
