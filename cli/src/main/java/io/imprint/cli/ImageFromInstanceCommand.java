package io.imprint.cli;

import static io.imprint.cli.ImageCommands.identity;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code image-create-from-instance}: IBM has no single call for an image "from a new instance"
 * (the docs give three steps), so this runs them: instance-create, wait until it is running,
 * instance-stop, wait until it is stopped, then image-create --source-volume with its boot volume
 * (and with --wait, image-create's progress). What can be checked first is, so that a mistake
 * leaves nothing behind; a failure after the instance exists names it.
 */
@Command(
    name = "image-create-from-instance",
    description = {
      "Create an image from a new instance in one command: instance-create, wait until it is running, stop it, wait until it is stopped, then image-create --source-volume with its boot volume.",
      "The instance stays, stopped. IMAGE_NAME is the new image's name; the other arguments are instance-create's. Times as for image-create."
    })
final class ImageFromInstanceCommand implements Callable<Integer> {
  private final Session session;
  @Spec CommandSpec spec;
  @Mixin Output output;

  @Parameters(paramLabel = "IMAGE_NAME", description = "The new image's name.")
  String imageName;

  @Mixin InstanceCommands.InstanceSpec instance;
  @Mixin ResourceGroupOptions groupOptions;
  @Mixin ImageCommands.Schedule schedule;

  @Option(
      names = "--wait",
      description = "Wait until the image is available or failed, showing the capture's progress.")
  boolean await;

  ImageFromInstanceCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws InterruptedException {
    var group = groupOptions.resolve(session, spec, true);
    var image = ImageCommands.prototype(imageName, group, schedule, new TimeOptions(session, spec));
    var prototype = instance.prototype(session, group);
    if (!session.client().listImages(Map.of("name", imageName)).isEmpty()) {
      throw new CliFailure(
          "an image named "
              + imageName
              + " exists already: pick another name (nothing was created)");
    }
    session.context(
        output,
        "Creating image "
            + imageName
            + " from a new instance "
            + instance.name
            + " in "
            + ResourceGroupOptions.describeForCreate(group)
            + " at "
            + session.url()
            + "...");
    var id =
        Json.text(
            RootKeys.tipOnRefusal(
                InstanceCommands.InstanceSpec.bootKey(prototype),
                () -> session.client().createInstance(prototype)),
            "id");
    var label = "Instance " + id + " (" + instance.name + ")";
    try {
      progress(label + " is created; waiting until it is running...");
      InstanceCommands.awaitStatus(session, id, "running");
      progress("Stopping instance " + id + "; waiting until it is stopped...");
      session.client().createInstanceAction(id, "stop", false);
      var stopped = InstanceCommands.awaitStatus(session, id, "stopped");
      var volume = Json.text(stopped, "boot_volume_attachment", "volume", "id");
      if (volume == null) {
        throw new CliFailure("instance " + id + " has no boot volume to capture");
      }
      progress(
          "Capturing boot volume "
              + volume
              + " ("
              + Json.text(stopped, "boot_volume_attachment", "volume", "name")
              + ") into image "
              + imageName
              + "...");
      image.add("source_volume", identity("id", volume));
      var exit = ImageCommands.create(session, output, image, await);
      session
          .env
          .err()
          .println(
              label
                  + " stays, stopped: 'imprint instance-delete "
                  + id
                  + " -f' deletes it and its boot volume"
                  + (await ? "." : " once the image is available."));
      return exit;
    } catch (RuntimeException e) {
      throw new Unfinished(
          e,
          label
              + " was created and is left "
              + status(id)
              + ": 'imprint instance-delete "
              + id
              + " -f' deletes it and its boot volume.");
    }
  }

  private void progress(String line) {
    if (!output.quiet) {
      session.env.err().println(line);
      session.env.err().flush();
    }
  }

  private String status(String id) {
    try {
      return Json.text(session.client().getInstance(id), "status");
    } catch (RuntimeException e) {
      return "as it was";
    }
  }
}
