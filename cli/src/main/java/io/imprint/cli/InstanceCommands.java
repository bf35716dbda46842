package io.imprint.cli;

import static io.imprint.cli.ImageCommands.identity;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code instances}, {@code instance}, {@code instance-create}, {@code instance-start|stop|reboot},
 * {@code instance-delete}.
 */
final class InstanceCommands {
  private static final long POLL_MILLIS = 100;
  private static final long WAIT_MILLIS = 600_000;

  private InstanceCommands() {}

  @Command(name = "instances", description = "List instances.")
  static final class Instances implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin ResourceGroupOptions groupOptions;

    @Option(
        names = "--vpc",
        paramLabel = "VPC",
        description = "Only the instances in this VPC (ID or name).")
    String vpc;

    Instances(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var filters = new java.util.LinkedHashMap<String, String>();
      var group = groupOptions.resolve(session, spec, false);
      if (group != null) {
        filters.put("resource_group.id", Json.text(group, "id"));
      }
      if (vpc != null) {
        filters.put("vpc.id", Json.text(session.vpc(vpc), "id"));
      }
      session.context(
          output,
          "Listing instances in "
              + ResourceGroupOptions.describe(group)
              + " at "
              + session.url()
              + "...");
      var instances = session.client().listInstances(filters);
      if (session.printedWithoutTable(output, instances, "instances")) {
        return 0;
      }
      var table =
          new Table(
              "ID",
              "Name",
              "Status",
              "Reserved IP",
              "Floating IP",
              "Profile",
              "Image",
              "VPC",
              "Zone",
              "Resource group");
      for (var i : instances) {
        table.row(
            Json.text(i, "id"),
            Json.text(i, "name"),
            Json.text(i, "status"),
            Json.text(i, "primary_network_interface", "primary_ip", "address"),
            null,
            Json.text(i, "profile", "name"),
            Json.text(i, "image", "name"),
            Json.text(i, "vpc", "name"),
            Json.text(i, "zone", "name"),
            Json.text(i, "resource_group", "name"));
      }
      session.print(table);
      return 0;
    }
  }

  @Command(
      name = "instance",
      description = "View an instance's details (INSTANCE is an ID or a name).")
  static final class Instance implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    Instance(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting instance " + instance + " at " + session.url() + "...");
      show(session, output, session.instance(instance));
      return 0;
    }
  }

  /**
   * What an instance is created from: {@code INSTANCE_NAME VPC ZONE_NAME PROFILE_NAME SUBNET
   * --image IMAGE [--boot-volume JSON|@FILE] [--boot-volume-capacity GB] [--encryption-key CRN]},
   * in instance-create and image-create-from-instance. The positional parameters take the next
   * indexes of the command they are mixed into.
   */
  static final class InstanceSpec {
    @Parameters(paramLabel = "INSTANCE_NAME")
    String name;

    @Parameters(paramLabel = "VPC")
    String vpc;

    @Parameters(paramLabel = "ZONE_NAME")
    String zone;

    @Parameters(paramLabel = "PROFILE_NAME")
    String profile;

    @Parameters(paramLabel = "SUBNET")
    String subnet;

    @Option(
        names = "--image",
        required = true,
        paramLabel = "IMAGE",
        description = "The image the instance boots from (ID or name).")
    String image;

    @Option(
        names = "--boot-volume-capacity",
        paramLabel = "GB",
        description = "The boot volume's size, from the image's minimum to 250.")
    Integer bootVolumeCapacity;

    @Option(
        names = "--encryption-key",
        paramLabel = "CRN",
        description =
            "The boot volume's root key (a Key Protect key's CRN); without it the boot volume takes its image's key, or none.")
    String encryptionKey;

    @Option(
        names = "--boot-volume",
        paramLabel = "JSON|@FILE",
        description =
            "The boot volume attachment as the API takes it (boot_volume_attachment), as IBM's CLI does, e.g."
                + " '{\"volume\":{\"name\":\"my-boot\",\"capacity\":150,\"encryption_key\":{\"crn\":\"...\"}}}';"
                + " --boot-volume-capacity and --encryption-key set their fields in it.")
    String bootVolume;

    /** The boot volume's root key the prototype asks for, from either flag; null for none. */
    static String bootKey(JsonObject prototype) {
      return Json.text(prototype, "boot_volume_attachment", "volume", "encryption_key", "crn");
    }

    /** The instance prototype, names resolved to IDs (an unknown one fails here). */
    JsonObject prototype(Session session, JsonObject group) {
      var prototype = new JsonObject();
      prototype.addProperty("name", name);
      prototype.add("vpc", identity("id", Json.text(session.vpc(vpc), "id")));
      prototype.add("zone", identity("name", zone));
      prototype.add("profile", identity("name", profile));
      prototype.add("image", identity("id", Json.text(session.image(image), "id")));
      var nic = new JsonObject();
      nic.add("subnet", identity("id", Json.text(session.subnet(subnet), "id")));
      prototype.add("primary_network_interface", nic);
      if (bootVolume != null || bootVolumeCapacity != null || encryptionKey != null) {
        var attachment =
            bootVolume == null
                ? new JsonObject()
                : Json.objectArgument("--boot-volume", bootVolume);
        var given = attachment.get("volume");
        if (given != null && !given.isJsonObject()) {
          throw new CliFailure("--boot-volume: \"volume\" must be a JSON object.");
        }
        var volume = given == null ? new JsonObject() : given.getAsJsonObject();
        if (bootVolumeCapacity != null) {
          volume.addProperty("capacity", bootVolumeCapacity);
        }
        if (!volume.has("profile")) {
          volume.add("profile", identity("name", "general-purpose"));
        }
        if (encryptionKey != null) {
          volume.add("encryption_key", RootKeys.reference(encryptionKey));
        }
        attachment.add("volume", volume);
        prototype.add("boot_volume_attachment", attachment);
      }
      if (group != null) {
        prototype.add("resource_group", identity("id", Json.text(group, "id")));
      }
      return prototype;
    }
  }

  @Command(
      name = "instance-create",
      description = "Create an instance from an image. VPC, SUBNET and IMAGE are IDs or names.")
  static final class InstanceCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin InstanceSpec instance;
    @Mixin ResourceGroupOptions groupOptions;

    InstanceCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var group = groupOptions.resolve(session, spec, true);
      var prototype = instance.prototype(session, group);
      session.context(
          output,
          "Creating instance "
              + instance.name
              + " in "
              + ResourceGroupOptions.describeForCreate(group)
              + " at "
              + session.url()
              + "...");
      show(
          session,
          output,
          RootKeys.tipOnRefusal(
              InstanceSpec.bootKey(prototype), () -> session.client().createInstance(prototype)));
      return 0;
    }
  }

  /**
   * Polls the instance until its status is {@code status}; {@code failed}, or still not there after
   * ten minutes, ends the wait with a failure.
   */
  static JsonObject awaitStatus(Session session, String id, String status)
      throws InterruptedException {
    var current = session.client().getInstance(id);
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    while (!status.equals(Json.text(current, "status"))) {
      if ("failed".equals(Json.text(current, "status"))) {
        throw new CliFailure("instance " + id + " is failed, not " + status);
      }
      if (System.nanoTime() > deadline) {
        throw new CliFailure(
            "instance "
                + id
                + " is still "
                + Json.text(current, "status")
                + " after "
                + WAIT_MILLIS / 60_000
                + " minutes");
      }
      Thread.sleep(POLL_MILLIS);
      current = session.client().getInstance(id);
    }
    return current;
  }

  /**
   * What start, stop and reboot share: the action, then with --wait a poll until the instance
   * settles.
   */
  abstract static class Action implements Callable<Integer> {
    private final Session session;
    private final String type;
    private final String doing;
    private final String settled;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    @Option(
        names = "--wait",
        description = "Wait until the instance is running (start, reboot) or stopped (stop).")
    boolean await;

    Action(Session session, String type, String doing, String settled) {
      this.session = session;
      this.type = type;
      this.doing = doing;
      this.settled = settled;
    }

    /** The flags of stop and reboot; start has none. */
    Urgency urgency() {
      return null;
    }

    @Override
    public Integer call() throws InterruptedException {
      var found = session.instance(instance);
      var id = Json.text(found, "id");
      var urgency = urgency();
      if (urgency != null) {
        Confirm.instanceAction(session, urgency.force, type, found);
      }
      session.context(output, doing + " instance " + instance + " at " + session.url() + "...");
      session.client().createInstanceAction(id, type, urgency != null && urgency.now);
      var current = await ? awaitStatus(session, id, settled) : session.client().getInstance(id);
      if (output.json()) {
        session.printJson(current);
      } else {
        session.env.out().println("Instance " + id + " is " + Json.text(current, "status") + ".");
      }
      return 0;
    }
  }

  /**
   * {@code --no-wait} and {@code -f, --force} of the real CLI's {@code instance-stop} and {@code
   * instance-reboot}: {@code --no-wait} is the API's {@code force} (act at once, dropping queued
   * actions), {@code --force} skips the confirmation.
   */
  static final class Urgency {
    @Option(
        names = "--no-wait",
        description = {
          "Act at once, dropping queued actions (the API's force: a stop goes to stopped at once).",
          "As on the real CLI; not the opposite of --wait."
        })
    boolean now;

    @Option(
        names = {"-f", "--force"},
        description = "Do not ask for confirmation (asked on a terminal only).")
    boolean force;
  }

  @Command(name = "instance-start", description = "Start an instance.")
  static final class InstanceStart extends Action {
    InstanceStart(Session session) {
      super(session, "start", "Starting", "running");
    }
  }

  @Command(
      name = "instance-stop",
      description = {
        "Stop an instance (needed before capturing its boot volume).",
        "Asks first on a terminal unless -f."
      })
  static final class InstanceStop extends Action {
    @Mixin Urgency urgency;

    InstanceStop(Session session) {
      super(session, "stop", "Stopping", "stopped");
    }

    @Override
    Urgency urgency() {
      return urgency;
    }
  }

  @Command(
      name = "instance-reboot",
      description = {"Reboot an instance.", "Asks first on a terminal unless -f."})
  static final class InstanceReboot extends Action {
    @Mixin Urgency urgency;

    InstanceReboot(Session session) {
      super(session, "reboot", "Rebooting", "running");
    }

    @Override
    Urgency urgency() {
      return urgency;
    }
  }

  @Command(
      name = "instance-delete",
      description = "Delete instances. Asks first on a terminal; elsewhere needs -f.")
  static final class InstanceDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "INSTANCE")
    List<String> instances;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without asking.")
    boolean force;

    InstanceDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var found = new ArrayList<JsonObject>();
      instances.forEach(i -> found.add(session.instance(i)));
      Confirm.deletion(session, spec, force, "instance", found);
      for (var instance : found) {
        session.context(
            output,
            "Deleting instance " + Json.text(instance, "id") + " at " + session.url() + "...");
        session.client().deleteInstance(Json.text(instance, "id"));
        if (!output.json()) {
          session.env.out().println("Instance " + Json.text(instance, "id") + " is deleted.");
        }
      }
      if (output.json()) {
        session.printJson(found);
      }
      return 0;
    }
  }

  static void show(Session session, Output output, JsonObject instance) {
    if (output.json()) {
      session.printJson(instance);
      return;
    }
    var boot = new Table("ID", "Name", "Attachment ID", "Attachment name");
    var attachment = Json.object(instance, "boot_volume_attachment");
    if (attachment != null) {
      boot.row(
          Json.text(attachment, "volume", "id"),
          Json.text(attachment, "volume", "name"),
          Json.text(attachment, "id"),
          Json.text(attachment, "name"));
    }
    var nics = new Table("ID", "Name", "Subnet", "Reserved IP");
    var interfaces = instance.getAsJsonArray("network_interfaces");
    if (interfaces != null) {
      interfaces.forEach(
          n ->
              nics.row(
                  Json.text(n.getAsJsonObject(), "id"),
                  Json.text(n.getAsJsonObject(), "name"),
                  Json.text(n.getAsJsonObject(), "subnet", "name"),
                  Json.text(n.getAsJsonObject(), "primary_ip", "address")));
    }
    session.print(
        new Details()
            .add("ID", Json.text(instance, "id"))
            .add("Name", Json.text(instance, "name"))
            .add("CRN", Json.text(instance, "crn"))
            .add("Status", Json.text(instance, "status"))
            .add("Profile", Json.text(instance, "profile", "name"))
            .add("Architecture", Json.text(instance, "vcpu", "architecture"))
            .add("vCPU", Json.text(instance, "vcpu", "count"))
            .add("Memory(GiB)", Json.text(instance, "memory"))
            .add("Image", Json.text(instance, "image", "name"))
            .add("Boot volume", boot)
            .add("Network interfaces", nics)
            .add("VPC", Json.text(instance, "vpc", "name"))
            .add("Zone", Json.text(instance, "zone", "name"))
            .add("Resource group", Json.text(instance, "resource_group", "name"))
            .add("Created", Times.show(Json.text(instance, "created_at"), session.env.zone())));
  }
}
