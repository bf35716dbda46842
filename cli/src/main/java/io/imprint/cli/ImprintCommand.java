package io.imprint.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(
    name = "imprint",
    mixinStandardHelpOptions = true,
    versionProvider = ImprintCommand.Version.class,
    description =
        "Images, instances and volumes on an Imprint server, with the commands and flags of `ibmcloud is`.",
    subcommands = {
      LoginCommand.class,
      LogoutCommand.class,
      TargetCommand.class,
      ImageCommands.Images.class,
      ImageCommands.Image.class,
      ImageCommands.ImageCreate.class,
      ImageFromInstanceCommand.class,
      ImageCommands.ImageUpdate.class,
      ImageCommands.ImageDeprecate.class,
      ImageCommands.ImageObsolete.class,
      ImageCommands.ImageDelete.class,
      InstanceCommands.Instances.class,
      InstanceCommands.Instance.class,
      InstanceCommands.InstanceCreate.class,
      InstanceCommands.InstanceStart.class,
      InstanceCommands.InstanceStop.class,
      InstanceCommands.InstanceReboot.class,
      InstanceCommands.InstanceDelete.class,
      VolumeCommands.Volumes.class,
      VolumeCommands.Volume.class,
      VolumeCommands.VolumeCreate.class,
      TagCommands.TagAttach.class,
      TagCommands.TagDetach.class,
      TagCommands.Tags.class,
      CatalogCommands.ResourceGroups.class,
      CatalogCommands.OperatingSystems.class,
      CatalogCommands.InstanceProfiles.class,
      CatalogCommands.VolumeProfiles.class,
      IamCommands.class,
      KpCommands.class,
      AutoComplete.GenerateCompletion.class
    },
    footer = {
      "",
      "Server: `imprint server` (see the README). Shell completion: source <(imprint generate-completion)"
    })
final class ImprintCommand {
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var version = ImprintCommand.class.getPackage().getImplementationVersion();
      return new String[] {"imprint " + (version == null ? "(development build)" : version)};
    }
  }
}
