package io.imprint.core.app.instance;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.region.Zone;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import io.imprint.core.port.VolumeAttachmentRepository.VolumeInUseException;
import java.util.List;

/** An instance's volume attachments: list, read, attach, rename and detach. */
public final class InstanceAttachmentService {
  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  InstanceAttachmentService(InstanceService.Context context) {
    this.store = context.store();
    this.deployment = context.deployment();
    this.events = context.events();
  }

  public List<InstanceDetails.Attached> listInstanceVolumeAttachments(String instanceId) {
    return store.read(
        tx -> InstanceService.details(tx, InstanceService.require(tx, instanceId)).attachments());
  }

  public InstanceDetails.Attached getInstanceVolumeAttachment(
      String instanceId, String attachmentId) {
    return store.read(tx -> requireAttachment(tx, instanceId, attachmentId));
  }

  public InstanceDetails.Attached createInstanceVolumeAttachment(
      String instanceId, String volumeId, String name, Boolean deleteVolumeOnInstanceDelete) {
    return store.write(
        tx -> {
          var instance = InstanceService.require(tx, instanceId);
          var zone = deployment.region().requireZone(instance.zone());
          var volume =
              tx.volumes()
                  .get(volumeId)
                  .orElseThrow(
                      () -> ApiException.referenceNotFound("Volume", "volume.id", volumeId));
          VolumeTransitions.requireKeyUsable(volume, "be attached");
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
                  throw InstanceService.changedMeanwhile("volume attachment");
                }
              });
          recordAttachment(
              tx, InstanceService.require(tx, instanceId), attachmentId, "update", 200);
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
          recordAttachment(
              tx, InstanceService.require(tx, instanceId), attachmentId, "delete", 202);
          return null;
        });
  }

  VolumeAttachment attach(
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

  private static InstanceDetails.Attached requireAttachment(
      Tx tx, String instanceId, String attachmentId) {
    InstanceService.require(tx, instanceId);
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
}
