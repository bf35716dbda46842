package io.imprint.core.app.instance;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.volume.VolumeService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceCreate;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;

/**
 * Instances and their volume attachments. An instance runs no guest: its power state settles step
 * by step ({@code pending → starting → running}, {@code stopping → stopped}, …), each step a job of
 * the engine due {@code settleStep} after the status it settles was entered ({@link
 * InstanceSettleJob}), so that a restart resumes where it was.
 */
public final class InstanceService {
  /** What every instance service is built from. */
  record Context(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      EventRecorder events,
      JobRunner jobs) {}

  private final Store store;
  private final Deployment deployment;
  private final DiskService disks;
  private final EventRecorder events;
  private final InstancePowerService power;
  private final InstanceAttachmentService attachments;
  private final InstanceCreation creation;

  public InstanceService(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      EventRecorder events,
      JobRunner jobs,
      Duration settleStep) {
    var context = new Context(store, deployment, catalog, disks, events, jobs);
    this.store = store;
    this.deployment = deployment;
    this.disks = disks;
    this.events = events;
    this.power = new InstancePowerService(context, settleStep);
    this.attachments = new InstanceAttachmentService(context);
    this.creation = new InstanceCreation(context, power, attachments);
  }

  public InstancePowerService power() {
    return power;
  }

  public InstanceAttachmentService attachments() {
    return attachments;
  }

  /**
   * Set at start: creating an instance from a stock image waits until the stock sample disks are
   * written.
   */
  public void awaitStockContentWith(Runnable gate) {
    creation.awaitStockContentWith(gate);
  }

  public InstanceDetails createInstance(InstanceCreate request) {
    return creation.createInstance(request);
  }

  public Page<InstanceDetails> listInstances(
      InstanceFilter filter, ReadScope scope, PageRequest page) {
    return store.read(tx -> tx.instances().list(filter, scope, page).map(i -> details(tx, i)));
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
                tx.tags().detachAll(TaggedResource.volume(volume.get().id()));
                events.record(tx, Change.of(Subject.of(volume.get()), "delete", 204, "user"));
                disks.deleteDisk(
                    tx, volume.get().id(), VolumeService.protection(events, volume.get()));
              }
            }
          }
          if (!tx.instances().delete(id, instance.version())) {
            throw ApiException.notFound("Instance", id);
          }
          tx.tags().detachAll(TaggedResource.instance(id));
          events.record(tx, Change.of(Subject.of(instance), "delete", 204, "user"));
          return null;
        });
    disks.reclaim();
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

  static Instance require(Tx tx, String id) {
    return tx.instances().get(id).orElseThrow(() -> ApiException.notFound("Instance", id));
  }

  static ApiException changedMeanwhile(String what) {
    return ApiException.conflict(
        ErrorCode.CONFLICT, "The " + what + " changed while it was being updated; retry.");
  }
}
