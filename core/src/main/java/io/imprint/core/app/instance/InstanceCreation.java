package io.imprint.core.app.instance;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.app.volume.VolumeService;
import io.imprint.core.app.vpc.VpcService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageEncryption;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceCreate;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.instance.NetworkInterface;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeRules;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * {@code createInstance}: the zone, profile, image, network and volumes resolved and checked, then
 * the instance, its boot volume (a copy-on-write clone of the image's disk), its attachments and
 * its first power step written in one transaction.
 */
final class InstanceCreation {
  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final EventRecorder events;
  private final JobRunner jobs;
  private final InstancePowerService power;
  private final InstanceAttachmentService attachments;
  private volatile Runnable awaitStockContent = () -> {};

  InstanceCreation(
      InstanceService.Context context,
      InstancePowerService power,
      InstanceAttachmentService attachments) {
    this.store = context.store();
    this.deployment = context.deployment();
    this.catalog = context.catalog();
    this.disks = context.disks();
    this.events = context.events();
    this.jobs = context.jobs();
    this.power = power;
    this.attachments = attachments;
  }

  void awaitStockContentWith(Runnable gate) {
    this.awaitStockContent = gate;
  }

  InstanceDetails createInstance(InstanceCreate request) {
    awaitStockContent.run();
    var zone =
        deployment
            .region()
            .zone(request.zone())
            .orElseThrow(() -> ApiException.referenceNotFound("Zone", "zone.name", request.zone()));
    var boot =
        request.bootVolume() == null ? InstanceCreate.BootVolume.defaults() : request.bootVolume();
    var bootProfile =
        VolumeRules.requireProfile(
            catalog,
            "boot_volume_attachment.volume.profile.name",
            boot.profileName() == null ? VolumeRules.DEFAULT_PROFILE : boot.profileName());
    InstanceDetails created =
        store.write(
            tx -> {
              var name =
                  UniqueNames.orGenerated(tx.instances(), request.name(), deployment.random());
              Names.requireValid("name", name);
              UniqueNames.requireUnused(tx.instances(), "instance", "name", name);
              var image = requireProvisionableImage(tx, request.imageId());
              var os = catalog.requireOperatingSystem(image.operatingSystemName());
              var bootKey = bootKeyOf(tx, boot, image);
              var profile = catalog.instanceProfileFor(request.profileName(), os.architecture());
              var subnetField =
                  request.networkAttachmentStyle()
                      ? "primary_network_attachment.virtual_network_interface.subnet.id"
                      : "primary_network_interface.subnet.id";
              var subnet =
                  tx.subnets()
                      .get(request.subnetId())
                      .orElseThrow(
                          () ->
                              ApiException.referenceNotFound(
                                  "Subnet", subnetField, request.subnetId()));
              if (!subnet.zone().equals(zone.name())) {
                throw ApiException.invalid(
                    ErrorCode.INVALID_VALUE,
                    subnetField,
                    subnet.id(),
                    "Subnet "
                        + subnet.name()
                        + " is in zone "
                        + subnet.zone()
                        + ", not in "
                        + zone.name()
                        + ".");
              }
              if (request.vpcId() != null && !request.vpcId().equals(subnet.vpcId())) {
                throw ApiException.invalid(
                    ErrorCode.INVALID_VALUE,
                    "vpc.id",
                    request.vpcId(),
                    "Subnet "
                        + subnet.name()
                        + " belongs to VPC "
                        + subnet.vpcId()
                        + ", not to "
                        + request.vpcId()
                        + ".");
              }
              var group =
                  ResourceGroupService.resolveForCreate(
                      tx, request.resourceGroupId(), "resource_group.id");
              int minimum =
                  Math.max(
                      VolumeRules.BOOT_MIN_GB,
                      image.minimumProvisionedSize() == null ? 0 : image.minimumProvisionedSize());
              int capacity =
                  boot.capacity() == null
                      ? Math.max(VolumeRules.BOOT_DEFAULT_GB, minimum)
                      : boot.capacity();
              VolumeRules.requireCapacity(
                  "boot_volume_attachment.volume.capacity",
                  capacity,
                  minimum,
                  VolumeRules.bootMaxGb(bootProfile));
              var bootName =
                  UniqueNames.orGenerated(tx.volumes(), boot.name(), deployment.random());
              Names.requireValid("boot_volume_attachment.volume.name", bootName);
              UniqueNames.requireUnused(
                  tx.volumes(), "volume", "boot_volume_attachment.volume.name", bootName);

              var now = deployment.now();
              var address = VpcService.allocateAddress(tx, subnet);
              var nicName =
                  request.networkInterfaceName() == null
                      ? Names.generate(deployment.random())
                      : request.networkInterfaceName();
              Names.requireValid(
                  request.networkAttachmentStyle()
                      ? "primary_network_attachment.name"
                      : "primary_network_interface.name",
                  nicName);
              var nic =
                  new NetworkInterface(
                      deployment.ids().zonal(zone),
                      nicName,
                      subnet.id(),
                      subnet.name(),
                      address,
                      request.networkAttachmentStyle());
              var instance =
                  new Instance(
                      deployment.ids().instance(zone),
                      name,
                      profile.name(),
                      new Instance.Placement(
                          zone.name(), subnet.vpcId(), subnet.vpcName(), group.id(), nic),
                      new Reference(image.id(), image.name()),
                      new Instance.State(InstanceStatus.PENDING, List.of(), now),
                      now,
                      0);
              UniqueNames.guard("instance", "name", name, () -> tx.instances().insert(instance));
              power.scheduleSettle(tx, instance);
              events.record(
                  tx,
                  Change.of(Subject.of(instance), "create", 201, "user")
                      .with("status", instance.status().wire()));

              var bootVolume =
                  new Volume(
                      deployment.ids().regional(),
                      bootName,
                      new Volume.Spec(capacity, bootProfile.name(), bootProfile.iopsFor(capacity)),
                      new Volume.Placement(zone.name(), group.id()),
                      Volume.Content.encrypted(
                          bootKey,
                          image.operatingSystemName(),
                          new Reference(image.id(), image.name())),
                      new Volume.State(VolumeStatus.AVAILABLE, false),
                      now,
                      0);
              UniqueNames.guard(
                  "volume",
                  "boot_volume_attachment.volume.name",
                  bootName,
                  () -> tx.volumes().insert(bootVolume));
              events.record(tx, Change.of(Subject.of(bootVolume), "create", 201, "user"));
              // the boot volume starts as a copy-on-write clone of the image's content
              disks.cloneDisk(
                  tx,
                  image.id(),
                  bootVolume.id(),
                  capacity * Disk.GB,
                  VolumeService.protection(events, bootVolume));
              attachments.attach(
                  tx,
                  zone,
                  instance,
                  bootVolume,
                  VolumeAttachment.Type.BOOT,
                  boot.attachmentName(),
                  boot.deleteVolumeOnInstanceDelete() == null
                      || boot.deleteVolumeOnInstanceDelete(),
                  "boot_volume_attachment");

              var data =
                  request.dataVolumes() == null
                      ? List.<InstanceCreate.DataVolume>of()
                      : request.dataVolumes();
              for (int i = 0; i < data.size(); i++) {
                var spec = data.get(i);
                var field = "volume_attachments[" + i + "].volume.id";
                var volume =
                    tx.volumes()
                        .get(spec.volumeId())
                        .orElseThrow(
                            () -> ApiException.referenceNotFound("Volume", field, spec.volumeId()));
                attachments.attach(
                    tx,
                    zone,
                    instance,
                    volume,
                    VolumeAttachment.Type.DATA,
                    spec.attachmentName(),
                    Boolean.TRUE.equals(spec.deleteVolumeOnInstanceDelete()),
                    field);
              }
              var details = InstanceService.details(tx, instance);
              if (image.status() == ImageStatus.DEPRECATED) {
                // IBM allows deprecated images but the user should know; the API turns this into a
                // Warning header
                return new InstanceDetails(
                    details.instance(),
                    details.attachments(),
                    List.of(
                        "Image "
                            + image.name()
                            + " is deprecated"
                            + (image.obsolescenceAt() == null
                                ? ""
                                : " and becomes obsolete at " + image.obsolescenceAt())
                            + "; move to a newer image."));
              }
              return details;
            });
    jobs.signal();
    return created;
  }

  /** The boot volume's root key: the request's, else the image's; refused if it cannot protect. */
  private String bootKeyOf(Tx tx, InstanceCreate.BootVolume boot, Image image) {
    var named = boot.encryptionKeyCrn() != null;
    var key = named ? boot.encryptionKeyCrn() : image.encryptionKeyCrn();
    if (key != null) {
      var field = named ? "boot_volume_attachment.volume.encryption_key.crn" : "image.id";
      disks.keys().requireUsableKey(tx, key, field);
    }
    return key;
  }

  private Image requireProvisionableImage(Tx tx, String imageId) {
    var image =
        tx.images()
            .get(imageId)
            .orElseThrow(() -> ApiException.referenceNotFound("Image", "image.id", imageId));
    ImageEncryption.requireKeyUsable(image, "be used to create an instance");
    if (!image.isProvisionable()) {
      throw new ApiException(
          ErrorCode.IMAGE_NOT_USABLE,
          "Image %s is %s and cannot be used to create an instance."
              .formatted(image.name(), image.status().wire()),
          Target.field("image", image.id()));
    }
    return image;
  }
}
