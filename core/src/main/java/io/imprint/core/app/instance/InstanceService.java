package io.imprint.core.app.instance;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.app.vpc.VpcService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.InstanceProfile;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceAction;
import io.imprint.core.domain.instance.InstanceCreate;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.instance.InstanceLifecycle;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.instance.NetworkInterface;
import io.imprint.core.domain.region.Zone;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeRules;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import io.imprint.core.port.VolumeAttachmentRepository.VolumeInUseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Instances and their volume attachments. An instance runs no guest: its power state settles step
 * by step ({@code pending → starting → running}, {@code stopping → stopped}, …), each step a job of
 * the engine due {@code settleStep} after the status it settles was entered ({@link
 * InstanceSettleJob}), so that a restart resumes where it was.
 */
public final class InstanceService {
  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final JobRunner jobs;
  private final InstanceSettleJob settleJob;
  private final Duration settleStep;
  private final DiskService disks;
  private final EventRecorder events;
  private volatile Runnable awaitStockContent = () -> {};

  public InstanceService(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      EventRecorder events,
      JobRunner jobs,
      Duration settleStep) {
    this.events = events;
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.jobs = jobs;
    this.settleJob = new InstanceSettleJob(store, this);
    this.settleStep = settleStep;
  }

  /** The job that settles power states step by step, to register with the job engine. */
  public InstanceSettleJob settleJob() {
    return settleJob;
  }

  /**
   * Set at start: creating an instance from a stock image waits until the stock sample disks are
   * written.
   */
  public void awaitStockContentWith(Runnable gate) {
    this.awaitStockContent = gate;
  }

  public InstanceDetails createInstance(InstanceCreate request) {
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
              var profile = resolveProfile(request.profileName(), os.architecture());
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
                  VolumeRules.BOOT_MAX_GB);
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
              scheduleSettle(tx, instance);
              events.record(
                  tx,
                  Change.of(Subject.of(instance), "create", 201, "user")
                      .with("status", instance.status().wire()));

              var bootVolume =
                  new Volume(
                      deployment.ids().regional(),
                      bootName,
                      new Volume.Spec(capacity, bootProfile.name(), bootProfile.iopsFor(capacity)),
                      new Volume.Placement(zone.name(), group.id(), List.of()),
                      Volume.Content.providerManaged(
                          image.operatingSystemName(), new Reference(image.id(), image.name())),
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
              disks.cloneDisk(tx, image.id(), bootVolume.id(), capacity * Disk.GB);
              attach(
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
                attach(
                    tx,
                    zone,
                    instance,
                    volume,
                    VolumeAttachment.Type.DATA,
                    spec.attachmentName(),
                    Boolean.TRUE.equals(spec.deleteVolumeOnInstanceDelete()),
                    field);
              }
              var details = details(tx, instance);
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

  public Page<InstanceDetails> listInstances(InstanceFilter filter, PageRequest page) {
    return store.read(tx -> tx.instances().list(filter, page).map(i -> details(tx, i)));
  }

  public InstanceDetails getInstance(String id) {
    return store.read(tx -> details(tx, require(tx, id)));
  }

  public InstanceDetails updateInstance(String id, String newName) {
    return store.write(
        tx -> {
          var instance = require(tx, id);
          if (newName != null && !newName.equals(instance.name())) {
            Names.requireValid("name", newName);
            UniqueNames.requireUnused(tx.instances(), "instance", "name", newName);
            UniqueNames.guard(
                "instance",
                "name",
                newName,
                () -> {
                  if (!tx.instances().update(instance.withName(newName))) {
                    throw changedMeanwhile("instance");
                  }
                });
          }
          var updated = require(tx, id);
          events.record(tx, Change.of(Subject.of(updated), "update", 200, "user"));
          return details(tx, updated);
        });
  }

  /**
   * Deletes the instance with its attachments; volumes attached with {@code
   * delete_volume_on_instance_delete} go with it, the others become unattached. Fails cleanly if
   * anything changed meanwhile, so two deletes cannot both win.
   */
  public void deleteInstance(String id) {
    store.write(
        tx -> {
          var instance = require(tx, id);
          if (instance.isStoppedForImageCreation()) {
            throw ApiException.conflict(
                ErrorCode.INSTANCE_IMAGE_CREATION,
                "Instance "
                    + instance.name()
                    + " cannot be deleted while an image is created from its boot volume.");
          }
          for (var attachment : tx.volumeAttachments().listByInstance(id)) {
            if (!tx.volumeAttachments().delete(attachment.id(), attachment.version())) {
              throw ApiException.notFound("Instance", id);
            }
            if (attachment.deleteVolumeOnInstanceDelete()) {
              var volume = tx.volumes().get(attachment.volumeId());
              if (volume.isPresent()) {
                if (!tx.volumes().delete(volume.get().id(), volume.get().version())) {
                  throw changedMeanwhile("volume");
                }
                events.record(tx, Change.of(Subject.of(volume.get()), "delete", 204, "user"));
                disks.deleteDisk(tx, volume.get().id());
              }
            }
          }
          if (!tx.instances().delete(id, instance.version())) {
            throw ApiException.notFound("Instance", id);
          }
          events.record(tx, Change.of(Subject.of(instance), "delete", 204, "user"));
          return null;
        });
    disks.reclaim();
  }

  public InstanceAction createInstanceAction(
      String id, InstanceLifecycle.Action type, boolean force) {
    var action =
        store.write(
            tx -> {
              var instance = require(tx, id);
              if (type == InstanceLifecycle.Action.START && instance.isStoppedForImageCreation()) {
                throw ApiException.conflict(
                    ErrorCode.INSTANCE_IMAGE_CREATION,
                    "Instance "
                        + instance.name()
                        + " stays stopped while an image is created from its boot volume; start it when the image is finished.");
              }
              var next = InstanceLifecycle.afterAction(instance.status(), type, force);
              var now = deployment.now();
              var changed = instance.withStatus(next, List.of(), now);
              if (!tx.instances().update(changed)) {
                throw changedMeanwhile("instance");
              }
              scheduleSettle(tx, changed);
              // IBM reports a power action as start, stop or reboot of the instance
              events.record(
                  tx,
                  Change.of(Subject.of(instance), type.wire(), 201, "user")
                      .with("status", next.wire()));
              return new InstanceAction(
                  deployment.ids().uuid(),
                  id,
                  type,
                  force && type != InstanceLifecycle.Action.START,
                  "pending",
                  now);
            });
    jobs.signal();
    return action;
  }

  public List<InstanceDetails.Attached> listInstanceVolumeAttachments(String instanceId) {
    return store.read(tx -> details(tx, require(tx, instanceId)).attachments());
  }

  public InstanceDetails.Attached getInstanceVolumeAttachment(
      String instanceId, String attachmentId) {
    return store.read(tx -> requireAttachment(tx, instanceId, attachmentId));
  }

  public InstanceDetails.Attached createInstanceVolumeAttachment(
      String instanceId, String volumeId, String name, Boolean deleteVolumeOnInstanceDelete) {
    return store.write(
        tx -> {
          var instance = require(tx, instanceId);
          var zone = deployment.region().requireZone(instance.zone());
          var volume =
              tx.volumes()
                  .get(volumeId)
                  .orElseThrow(
                      () -> ApiException.referenceNotFound("Volume", "volume.id", volumeId));
          var attachment =
              attach(
                  tx,
                  zone,
                  instance,
                  volume,
                  VolumeAttachment.Type.DATA,
                  name,
                  Boolean.TRUE.equals(deleteVolumeOnInstanceDelete),
                  "volume.id");
          recordAttachment(tx, instance, attachment.id(), "create", 201);
          return new InstanceDetails.Attached(attachment, volume);
        });
  }

  public InstanceDetails.Attached updateInstanceVolumeAttachment(
      String instanceId, String attachmentId, String name, Boolean deleteVolumeOnInstanceDelete) {
    return store.write(
        tx -> {
          var current = requireAttachment(tx, instanceId, attachmentId);
          var attachment = current.attachment();
          var newName = name == null ? attachment.name() : name;
          Names.requireValid("name", newName);
          if (!newName.equals(attachment.name())
              && tx.volumeAttachments().listByInstance(instanceId).stream()
                  .anyMatch(a -> a.name().equals(newName))) {
            throw ApiException.invalid(
                ErrorCode.VALIDATION_UNIQUE_FAILED,
                "name",
                newName,
                "The instance already has a volume attachment named '" + newName + "'.");
          }
          var flag =
              deleteVolumeOnInstanceDelete == null
                  ? attachment.deleteVolumeOnInstanceDelete()
                  : deleteVolumeOnInstanceDelete;
          UniqueNames.guard(
              "volume attachment",
              "name",
              newName,
              () -> {
                if (!tx.volumeAttachments()
                    .update(attachment.withNameAndDeleteFlag(newName, flag))) {
                  throw changedMeanwhile("volume attachment");
                }
              });
          recordAttachment(tx, require(tx, instanceId), attachmentId, "update", 200);
          return requireAttachment(tx, instanceId, attachmentId);
        });
  }

  public void deleteInstanceVolumeAttachment(String instanceId, String attachmentId) {
    store.write(
        tx -> {
          var attachment = requireAttachment(tx, instanceId, attachmentId).attachment();
          if (attachment.type() == VolumeAttachment.Type.BOOT) {
            throw ApiException.conflict(
                ErrorCode.INVALID_STATE,
                "The boot volume attachment cannot be removed; delete the instance instead.");
          }
          if (!tx.volumeAttachments().delete(attachmentId, attachment.version())) {
            throw ApiException.notFound("Volume attachment", attachmentId);
          }
          recordAttachment(tx, require(tx, instanceId), attachmentId, "delete", 202);
          return null;
        });
  }

  /**
   * One power step, in the step's transaction: moves the instance one step towards a settled status
   * and schedules the next step if there is one. A step for a status the instance has left does
   * nothing: the user action that moved it scheduled its own step.
   */
  void settle(Tx tx, SettlePayload step) {
    var instance = tx.instances().get(step.instanceId());
    if (instance.isEmpty() || !step.isFor(instance.get())) {
      return;
    }
    var next = InstanceLifecycle.settle(instance.get().status());
    if (next.isEmpty()) {
      return;
    }
    var settled = instance.get().withStatus(next.get(), List.of(), deployment.now());
    // A lost compare-and-set means a user action changed the status meanwhile; that action
    // schedules its own step.
    if (!tx.instances().update(settled)) {
      return;
    }
    events.record(
        tx,
        Change.of(Subject.of(instance.get()), "update", 200, "power")
            .with("status", next.get().wire()));
    scheduleSettle(tx, settled);
  }

  /**
   * At start: every instance in a transitional status has its next step scheduled. Steps are
   * durable, so this finds them already there, except for instances left by versions that kept
   * steps in memory.
   */
  public int resumeTransitions() {
    int resumed =
        store.write(
            tx -> {
              var pending =
                  tx.instances()
                      .findByStatus(
                          EnumSet.of(
                              InstanceStatus.PENDING,
                              InstanceStatus.STARTING,
                              InstanceStatus.STOPPING,
                              InstanceStatus.RESTARTING));
              pending.forEach(i -> scheduleSettle(tx, i));
              return pending.size();
            });
    jobs.signal();
    return resumed;
  }

  /**
   * The step that settles {@code instance}'s status, if it is transitional, due a step from now.
   */
  private void scheduleSettle(Tx tx, Instance instance) {
    if (InstanceLifecycle.settle(instance.status()).isPresent()) {
      var step = SettlePayload.of(instance);
      jobs.enqueueAt(tx, InstanceSettleJob.KIND, step.key(), step, step.since().plus(settleStep));
    }
  }

  private VolumeAttachment attach(
      Tx tx,
      Zone zone,
      Instance instance,
      Volume volume,
      VolumeAttachment.Type type,
      String name,
      boolean deleteFlag,
      String field) {
    if (!volume.zone().equals(zone.name())) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          field,
          volume.id(),
          "Volume "
              + volume.name()
              + " is in zone "
              + volume.zone()
              + "; an instance in "
              + zone.name()
              + " cannot attach it.");
    }
    var existing = tx.volumeAttachments().listByInstance(instance.id());
    var attachmentName = name == null ? Names.generate(deployment.random()) : name;
    Names.requireValid(
        field.replace(".volume.id", ".name").replace("volume.id", "name"), attachmentName);
    if (existing.stream().anyMatch(a -> a.name().equals(attachmentName))) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_UNIQUE_FAILED,
          field,
          attachmentName,
          "The instance already has a volume attachment named '" + attachmentName + "'.");
    }
    var attachment =
        new VolumeAttachment(
            deployment.ids().zonal(zone),
            instance.id(),
            volume.id(),
            attachmentName,
            type,
            deleteFlag,
            deployment.now(),
            0);
    try {
      if (tx.volumeAttachments().findByVolume(volume.id()).isPresent()) {
        throw new VolumeInUseException("attached", null);
      }
      tx.volumeAttachments().insert(attachment);
    } catch (VolumeInUseException e) {
      throw ApiException.conflict(
          ErrorCode.VOLUME_ATTACHED,
          "Volume " + volume.name() + " is already attached to an instance.");
    }
    return attachment;
  }

  /** A volume attachment is the instance's sub-resource: the event's target is the instance. */
  private void recordAttachment(
      Tx tx, Instance instance, String attachmentId, String verb, int status) {
    var subject = Subject.of(instance);
    events.record(
        tx,
        Change.ofAction(subject.kind().action("volume-attachment", verb), subject, status, "user")
            .with(
                Change.RESPONSE_URI,
                subject.kind().uri(instance.id()) + "/volume_attachments/" + attachmentId));
  }

  private Image requireProvisionableImage(Tx tx, String imageId) {
    var image =
        tx.images()
            .get(imageId)
            .orElseThrow(() -> ApiException.referenceNotFound("Image", "image.id", imageId));
    if (!image.isProvisionable()) {
      throw new ApiException(
          ErrorCode.IMAGE_NOT_USABLE,
          "Image "
              + image.name()
              + " is "
              + image.status().wire()
              + " and cannot be used to create an instance.",
          Target.field("image", image.id()));
    }
    return image;
  }

  private InstanceProfile resolveProfile(String name, String architecture) {
    if (name == null) {
      return catalog.instanceProfiles().stream()
          .filter(p -> p.architecture().equals(architecture))
          .min(
              Comparator.comparing(InstanceProfile::vcpuCount).thenComparing(InstanceProfile::name))
          .orElseThrow();
    }
    var profile =
        catalog
            .instanceProfile(name)
            .orElseThrow(
                () -> ApiException.referenceNotFound("Instance profile", "profile.name", name));
    if (!profile.architecture().equals(architecture)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "profile.name",
          name,
          "Profile "
              + name
              + " runs "
              + profile.architecture()
              + " but the image's operating system is "
              + architecture
              + ".");
    }
    return profile;
  }

  private static InstanceDetails.Attached requireAttachment(
      Tx tx, String instanceId, String attachmentId) {
    require(tx, instanceId);
    var attachment =
        tx.volumeAttachments()
            .get(attachmentId)
            .filter(a -> a.instanceId().equals(instanceId))
            .orElseThrow(() -> ApiException.notFound("Volume attachment", attachmentId));
    var volume =
        tx.volumes()
            .get(attachment.volumeId())
            .orElseThrow(() -> ApiException.notFound("Volume", attachment.volumeId()));
    return new InstanceDetails.Attached(attachment, volume);
  }

  static InstanceDetails details(Tx tx, Instance instance) {
    var attached = new ArrayList<InstanceDetails.Attached>();
    for (var a : tx.volumeAttachments().listByInstance(instance.id())) {
      tx.volumes()
          .get(a.volumeId())
          .ifPresent(v -> attached.add(new InstanceDetails.Attached(a, v)));
    }
    attached.sort(
        Comparator.comparing((InstanceDetails.Attached a) -> a.attachment().type())
            .thenComparing(a -> a.attachment().createdAt()));
    return new InstanceDetails(instance, attached);
  }

  private static Instance require(Tx tx, String id) {
    return tx.instances().get(id).orElseThrow(() -> ApiException.notFound("Instance", id));
  }

  private static ApiException changedMeanwhile(String what) {
    return ApiException.conflict(
        ErrorCode.CONFLICT, "The " + what + " changed while it was being updated; retry.");
  }
}
