package io.imprint.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code images}, {@code image}, {@code image-create}, {@code image-update}, {@code
 * image-deprecate|obsolete|delete}.
 */
final class ImageCommands {
  private static final Set<String> STATUSES =
      Set.of(
          "available",
          "deleting",
          "deprecated",
          "failed",
          "obsolete",
          "partially_available",
          "pending",
          "unusable",
          "all");

  private ImageCommands() {}

  @Command(
      name = "images",
      description =
          "List images. Without --status only available images are listed, as the real CLI does since v12.")
  static final class Images implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin ResourceGroupOptions groupOptions;

    @Option(
        names = "--status",
        split = ",",
        paramLabel = "STATUS",
        description =
            "available, deleting, deprecated, failed, obsolete, partially_available, pending, unusable, or all (comma-separated).")
    List<String> status = List.of("available");

    @Option(
        names = "--visibility",
        paramLabel = "VISIBILITY",
        description = "all, public or private.")
    String visibility;

    Images(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      for (var s : status) {
        if (!STATUSES.contains(s)) {
          throw new ParameterException(
              spec.commandLine(),
              "--status "
                  + s
                  + " is not one of "
                  + String.join(", ", new java.util.TreeSet<>(STATUSES)));
        }
      }
      if (visibility != null && !Set.of("all", "public", "private").contains(visibility)) {
        throw new ParameterException(
            spec.commandLine(), "--visibility must be all, public or private");
      }
      var filters = new LinkedHashMap<String, String>();
      if (!status.contains("all")) {
        filters.put("status", String.join(",", status));
      }
      if (visibility != null && !visibility.equals("all")) {
        filters.put("visibility", visibility);
      }
      var group = groupOptions.resolve(session, spec, false);
      if (group != null) {
        filters.put("resource_group.id", Json.text(group, "id"));
      }
      session.context(
          output,
          "Listing images in "
              + ResourceGroupOptions.describe(group)
              + " at "
              + session.url()
              + "...");
      var images = session.client().listImages(filters);
      if (session.printedWithoutTable(output, images, "images")) {
        return 0;
      }
      var table =
          new Table(
              "ID",
              "Name",
              "Status",
              "Arch",
              "OS name",
              "OS version",
              "File size(GB)",
              "Visibility",
              "Encryption",
              "Resource group",
              "Catalog Offering",
              "User Data Format",
              "Remote Account ID");
      for (var image : images) {
        table.row(
            Json.text(image, "id"),
            Json.text(image, "name"),
            Json.text(image, "status"),
            Json.text(image, "operating_system", "architecture"),
            Json.text(image, "operating_system", "name"),
            Json.text(image, "operating_system", "version"),
            Json.text(image, "file", "size"),
            Json.text(image, "visibility"),
            Json.text(image, "encryption"),
            Json.text(image, "resource_group", "name"),
            catalogOffering(image),
            Json.text(image, "user_data_format"),
            Json.text(image, "remote", "account", "id"));
      }
      session.print(table);
      return 0;
    }
  }

  @Command(name = "image", description = "View an image's details (IMAGE is an ID or a name).")
  static final class Image implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    Image(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting image " + image + " at " + session.url() + "...");
      show(session, output, session.image(image));
      return 0;
    }
  }

  @Command(
      name = "image-create",
      description = {
        "Create an image from a stopped instance's boot volume (--source-volume), or import one from a file (--file, --os-name).",
        "Times are RFC 3339 (2030-03-05T15:31:50Z, 2030-03-05T23:31:50+8:00) or relative to the server's time: +90m, +12h, +30d, +2w."
      })
  static final class ImageCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin ResourceGroupOptions groupOptions;

    @Parameters(index = "0", paramLabel = "IMAGE_NAME")
    String name;

    @Option(
        names = "--source-volume",
        paramLabel = "VOLUME",
        description = "The boot volume (ID or name) of a stopped instance.")
    String sourceVolume;

    @Option(
        names = "--file",
        paramLabel = "URL",
        description = "The image file to import, file:///… under the server's import directory.")
    String file;

    @Option(
        names = "--os-name",
        paramLabel = "OS_NAME",
        description = "The operating system of an imported file (see operating-systems).")
    String osName;

    @Option(
        names = "--encryption-key-volume",
        paramLabel = "CRN",
        description =
            "The image's root key (a Key Protect key's CRN), with --source-volume; without it the image keeps the volume's key, or has none.")
    String encryptionKeyVolume;

    @Option(
        names = "--encryption-key",
        paramLabel = "CRN",
        description = "Root key that wraps --encrypted-data-key (import).")
    String encryptionKey;

    @Option(
        names = "--encrypted-data-key",
        paramLabel = "KEY",
        description = "The data key the imported file is encrypted with.")
    String encryptedDataKey;

    @Mixin Schedule schedule;

    @Option(
        names = "--wait",
        description =
            "Wait until the image is available or failed, showing the capture's progress.")
    boolean await;

    ImageCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      if ((sourceVolume == null) == (file == null)) {
        throw new ParameterException(
            spec.commandLine(),
            "give either --source-volume VOLUME or --file URL --os-name OS_NAME");
      }
      if (file != null && osName == null) {
        throw new ParameterException(spec.commandLine(), "--file needs --os-name OS_NAME");
      }
      if (sourceVolume != null
          && (osName != null || encryptionKey != null || encryptedDataKey != null)) {
        throw new ParameterException(
            spec.commandLine(),
            "--os-name, --encryption-key and --encrypted-data-key go with --file, not --source-volume");
      }
      var group = groupOptions.resolve(session, spec, true);
      var prototype = prototype(name, group, schedule, new TimeOptions(session, spec));
      if (sourceVolume != null) {
        prototype.add(
            "source_volume", identity("id", Json.text(session.volume(sourceVolume), "id")));
        if (encryptionKeyVolume != null) {
          prototype.add("encryption_key", RootKeys.reference(encryptionKeyVolume));
        }
      } else {
        prototype.add("file", identity("href", file));
        prototype.add("operating_system", identity("name", osName));
        if (encryptionKey != null) {
          prototype.add("encryption_key", RootKeys.reference(encryptionKey));
        }
        if (encryptedDataKey != null) {
          prototype.addProperty("encrypted_data_key", encryptedDataKey);
        }
      }
      session.context(
          output,
          "Creating image "
              + name
              + " in "
              + ResourceGroupOptions.describeForCreate(group)
              + " at "
              + session.url()
              + "...");
      return RootKeys.tipOnRefusal(
          sourceVolume != null ? encryptionKeyVolume : encryptionKey,
          () -> create(session, output, prototype, await));
    }
  }

  /** {@code --deprecate-at} and {@code --obsolete-at} of the commands that create an image. */
  static final class Schedule {
    @Option(
        names = "--deprecate-at",
        paramLabel = "TIME",
        description = "When the image becomes deprecated.")
    String deprecateAt;

    @Option(
        names = "--obsolete-at",
        paramLabel = "TIME",
        description = "When the image becomes obsolete (after --deprecate-at).")
    String obsoleteAt;
  }

  /**
   * An image prototype without its source: name, resource group and schedule (a time that cannot be
   * read fails here, as a usage mistake).
   */
  static JsonObject prototype(String name, JsonObject group, Schedule schedule, TimeOptions times) {
    var deprecation = times.parse("--deprecate-at", schedule.deprecateAt);
    var obsolescence = times.parse("--obsolete-at", schedule.obsoleteAt);
    var prototype = new JsonObject();
    prototype.addProperty("name", name);
    if (group != null) {
      prototype.add("resource_group", identity("id", Json.text(group, "id")));
    }
    if (deprecation != null) {
      prototype.addProperty("deprecation_at", deprecation);
    }
    if (obsolescence != null) {
      prototype.addProperty("obsolescence_at", obsolescence);
    }
    return prototype;
  }

  /**
   * Creates the image and shows it, or with {@code await} shows the capture's progress and the
   * image as it ended; the exit code (1 when it ended {@code failed}).
   */
  static int create(Session session, Output output, JsonObject prototype, boolean await) {
    var image = session.client().createImage(prototype);
    if (!await) {
      show(session, output, image);
      return 0;
    }
    var done = new CaptureProgress(session, output.quiet).await(Json.text(image, "id"));
    show(session, output, done);
    return "failed".equals(Json.text(done, "status")) ? 1 : 0;
  }

  @Command(
      name = "image-update",
      description = {
        "Rename an image or change its lifecycle schedule. A date whose moment has passed can only be reset.",
        "--reset-deprecate-at makes a deprecated image available; --reset-obsolete-at makes an obsolete image deprecated",
        "(when its deprecation date has passed) or available."
      })
  static final class ImageUpdate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Option(names = "--name", paramLabel = "NEW_NAME")
    String name;

    @Option(names = "--deprecate-at", paramLabel = "TIME")
    String deprecateAt;

    @Option(names = "--reset-deprecate-at", description = "Remove the deprecation date.")
    boolean resetDeprecateAt;

    @Option(names = "--obsolete-at", paramLabel = "TIME")
    String obsoleteAt;

    @Option(names = "--reset-obsolete-at", description = "Remove the obsolescence date.")
    boolean resetObsoleteAt;

    ImageUpdate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      if (deprecateAt != null && resetDeprecateAt) {
        throw new ParameterException(
            spec.commandLine(), "--deprecate-at and --reset-deprecate-at exclude each other");
      }
      if (obsoleteAt != null && resetObsoleteAt) {
        throw new ParameterException(
            spec.commandLine(), "--obsolete-at and --reset-obsolete-at exclude each other");
      }
      if (name == null
          && deprecateAt == null
          && obsoleteAt == null
          && !resetDeprecateAt
          && !resetObsoleteAt) {
        throw new ParameterException(
            spec.commandLine(),
            "nothing to change: give --name, --deprecate-at, --obsolete-at or a --reset flag");
      }
      var times = new TimeOptions(session, spec);
      var patch = new JsonObject();
      if (name != null) {
        patch.addProperty("name", name);
      }
      if (resetDeprecateAt) {
        patch.add("deprecation_at", JsonNull.INSTANCE);
      } else if (deprecateAt != null) {
        patch.addProperty("deprecation_at", times.parse("--deprecate-at", deprecateAt));
      }
      if (resetObsoleteAt) {
        patch.add("obsolescence_at", JsonNull.INSTANCE);
      } else if (obsoleteAt != null) {
        patch.addProperty("obsolescence_at", times.parse("--obsolete-at", obsoleteAt));
      }
      var id = Json.text(session.image(image), "id");
      session.context(output, "Updating image " + image + " at " + session.url() + "...");
      show(session, output, session.client().updateImage(id, patch));
      return 0;
    }
  }

  /**
   * Runs a lifecycle action; refused because the image has {@code date} set, the error ends with
   * {@code tip}.
   */
  private static void withResetTip(JsonObject image, String date, String tip, Runnable action) {
    try {
      action.run();
    } catch (ApiError e) {
      throw image.has(date) && "invalid_state".equals(e.code()) ? new ApiRefusal(e, tip) : e;
    }
  }

  @Command(
      name = "image-deprecate",
      description =
          "Deprecate an available image now. Refused while a deprecation date is set: reset it first.")
  static final class ImageDeprecate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    ImageDeprecate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var found = session.image(image);
      var id = Json.text(found, "id");
      session.context(output, "Deprecating image " + image + " at " + session.url() + "...");
      withResetTip(
          found,
          "deprecation_at",
          "reset the date with 'image-update "
              + image
              + " --reset-deprecate-at', then deprecate again.",
          () -> session.client().deprecateImage(id));
      show(session, output, session.client().getImage(id));
      return 0;
    }
  }

  @Command(
      name = "image-obsolete",
      description =
          "Make an image obsolete now. Refused while an obsolescence date is set: reset it first.")
  static final class ImageObsolete implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    ImageObsolete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var found = session.image(image);
      var id = Json.text(found, "id");
      session.context(output, "Making image " + image + " obsolete at " + session.url() + "...");
      withResetTip(
          found,
          "obsolescence_at",
          "reset the date with 'image-update "
              + image
              + " --reset-obsolete-at', then make it obsolete again.",
          () -> session.client().obsoleteImage(id));
      show(session, output, session.client().getImage(id));
      return 0;
    }
  }

  @Command(
      name = "image-delete",
      description = {
        "Delete images (also how a queued capture is cancelled). Asks first on a terminal; elsewhere needs -f.",
        "With --output JSON, prints the images as they were just before deletion."
      })
  static final class ImageDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without asking.")
    boolean force;

    ImageDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var found = new ArrayList<JsonObject>();
      images.forEach(i -> found.add(session.image(i)));
      Confirm.deletion(session, spec, force, "image", found);
      for (var image : found) {
        session.context(
            output, "Deleting image " + Json.text(image, "id") + " at " + session.url() + "...");
        session.client().deleteImage(Json.text(image, "id"));
        if (!output.json()) {
          session.env.out().println("Image " + Json.text(image, "id") + " is deleted.");
        }
      }
      if (output.json()) {
        session.printJson(found);
      }
      return 0;
    }
  }

  /** The image as a key/value block, or its JSON. */
  static void show(Session session, Output output, JsonObject image) {
    if (output.json()) {
      session.printJson(image);
      return;
    }
    var zone = session.env.zone();
    var reasons = new Table("Code", "Message", "More info");
    var statusReasons = image.getAsJsonArray("status_reasons");
    if (statusReasons != null) {
      statusReasons.forEach(
          r ->
              reasons.row(
                  Json.text(r.getAsJsonObject(), "code"),
                  Json.text(r.getAsJsonObject(), "message"),
                  Json.text(r.getAsJsonObject(), "more_info")));
    }
    var os = new Table("Name", "Architecture", "Vendor", "Version", "Dedicated host only");
    var system = Json.object(image, "operating_system");
    if (system != null) {
      os.row(
          Json.text(system, "name"),
          Json.text(system, "architecture"),
          Json.text(system, "vendor"),
          Json.text(system, "version"),
          Json.text(system, "dedicated_host_only"));
    }
    var volume = new Table("ID", "Name");
    var source = Json.object(image, "source_volume");
    if (source != null) {
      volume.row(Json.text(source, "id"), Json.text(source, "name"));
    }
    var details =
        new Details()
            .add("ID", Json.text(image, "id"))
            .add("Name", Json.text(image, "name"))
            .add("CRN", Json.text(image, "crn"))
            .add("Status", Json.text(image, "status"))
            .add("Status reason", reasons)
            .add("Operating system", os)
            .add("Source volume", volume)
            .add("Created", Times.show(Json.text(image, "created_at"), zone))
            .add("Deprecation Date", Times.show(Json.text(image, "deprecation_at"), zone))
            .add("Obsolescence Date", Times.show(Json.text(image, "obsolescence_at"), zone))
            .add("Visibility", Json.text(image, "visibility"))
            .add("Remote Account ID", Json.text(image, "remote", "account", "id"))
            .add("Minimum provisioned size(GB)", Json.text(image, "minimum_provisioned_size"))
            .add("SHA256 Checksum", Json.text(image, "file", "checksums", "sha256"))
            .add("File size(GB)", Json.text(image, "file", "size"))
            .add("Encryption", Json.text(image, "encryption"))
            .add("Encryption key", Json.text(image, "encryption_key", "crn"))
            .add("Resource group", session.resourceGroupName(image))
            .add("Resource type", Json.text(image, "resource_type"))
            .add("Catalog Offering Managed", Json.text(image, "catalog_offering", "managed"));
    session.print(details);
  }

  private static String catalogOffering(JsonObject image) {
    return "true".equals(Json.text(image, "catalog_offering", "managed"))
        ? Json.text(image, "catalog_offering", "version", "crn")
        : null;
  }

  static JsonObject identity(String member, String value) {
    var object = new JsonObject();
    object.addProperty(member, value);
    return object;
  }
}
