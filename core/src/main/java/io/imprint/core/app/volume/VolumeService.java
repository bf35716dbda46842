package io.imprint.core.app.volume;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.Protection;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeCreate;
import io.imprint.core.domain.volume.VolumeFilter;
import io.imprint.core.domain.volume.VolumePatch;
import io.imprint.core.domain.volume.VolumeRules;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;
import java.util.Set;

/** Block volumes: data volumes made on their own, boot volumes made with instances. */
public final class VolumeService {
  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final EventRecorder events;

  public VolumeService(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.events = events;
  }

  public VolumeDetails createVolume(VolumeCreate request) {
    var zone =
        deployment
            .region()
            .zone(request.zone())
            .orElseThrow(() -> ApiException.referenceNotFound("Zone", "zone.name", request.zone()));
    var profile = VolumeRules.requireProfile(catalog, "profile.name", request.profileName());
    int capacity = request.capacity() == null ? VolumeRules.DATA_DEFAULT_GB : request.capacity();
    VolumeRules.requireCapacity(
        "capacity", capacity, VolumeRules.DATA_MIN_GB, VolumeRules.dataMaxGb(profile));
    int iops = VolumeRules.resolveIops(profile, request.iops(), capacity, "iops");
    var tags = TagName.all("user_tags", request.userTags());
    return store.write(
        tx -> {
          var name = UniqueNames.orGenerated(tx.volumes(), request.name(), deployment.random());
          Names.requireValid("name", name);
          UniqueNames.requireUnused(tx.volumes(), "volume", "name", name);
          var group =
              ResourceGroupService.resolveForCreate(
                  tx, request.resourceGroupId(), "resource_group.id");
          var keyCrn = request.encryptionKeyCrn();
          if (keyCrn != null) {
            disks.keys().requireUsableKey(tx, keyCrn, "encryption_key.crn");
          }
          var volume =
              new Volume(
                  deployment.ids().regional(),
                  name,
                  new Volume.Spec(capacity, profile.name(), iops),
                  new Volume.Placement(zone.name(), group.id()),
                  Volume.Content.encrypted(keyCrn, null, null),
                  new Volume.State(VolumeStatus.AVAILABLE, false),
                  deployment.now(),
                  0);
          UniqueNames.guard("volume", "name", name, () -> tx.volumes().insert(volume));
          disks.createDisk(tx, volume.id(), capacity * Disk.GB, protection(events, volume));
          var tagged = TaggedResource.volume(volume.id());
          tags.forEach(tag -> tx.tags().attach(tagged, tag));
          events.record(tx, Change.of(Subject.of(volume), "create", 201, "user"));
          return details(tx, volume);
        });
  }

  public Page<VolumeDetails> listVolumes(VolumeFilter filter, ReadScope scope, PageRequest page) {
    return store.read(tx -> tx.volumes().list(filter, scope, page).map(v -> details(tx, v)));
  }

  /** Whether the volume still exists (references to a deleted one show {@code deleted}). */
  public boolean exists(String id) {
    return store.read(tx -> tx.volumes().get(id).isPresent());
  }

  public VolumeDetails getVolume(String id) {
    return store.read(tx -> details(tx, require(tx, id)));
  }

  /**
   * Applies a merge patch. {@code ifMatchVersion}, when given, must be the volume's current version
   * (IBM's {@code If-Match}); the write itself is compare-and-set either way.
   */
  public VolumeDetails updateVolume(String id, VolumePatch patch, Long ifMatchVersion) {
    return store.write(
        tx -> {
          var volume = require(tx, id);
          requireVersion(volume, ifMatchVersion);
          var name = patch.name() == null ? volume.name() : patch.name();
          if (!name.equals(volume.name())) {
            Names.requireValid("name", name);
            UniqueNames.requireUnused(tx.volumes(), "volume", "name", name);
          }
          int capacity = volume.capacity();
          int iops = volume.iops();
          if (patch.capacity() != null && patch.capacity() != volume.capacity()) {
            if (patch.capacity() < volume.capacity()) {
              throw ApiException.invalid(
                  ErrorCode.VALIDATION_MIN_VALUE,
                  "capacity",
                  patch.capacity(),
                  "A volume's capacity can only grow: it is " + volume.capacity() + " GB now.");
            }
            var profile = VolumeRules.requireProfile(catalog, "profile.name", volume.profileName());
            int max =
                volume.operatingSystemName() != null
                    ? VolumeRules.bootMaxGb(profile)
                    : VolumeRules.dataMaxGb(profile);
            VolumeRules.requireCapacity("capacity", patch.capacity(), volume.capacity(), max);
            capacity = patch.capacity();
            iops = profile.tiered() ? profile.iopsFor(capacity) : volume.iops();
            disks.resize(tx, volume.id(), capacity * Disk.GB);
          }
          if (patch.userTags() != null) {
            replaceTags(tx, volume, TagName.all("user_tags", patch.userTags()));
          }
          var updated = volume.withNameCapacity(name, capacity, iops);
          UniqueNames.guard(
              "volume",
              "name",
              name,
              () -> {
                if (!tx.volumes().update(updated)) {
                  throw changedMeanwhile();
                }
              });
          events.record(tx, Change.of(Subject.of(updated), "update", 200, "user"));
          return details(tx, require(tx, id));
        });
  }

  public void deleteVolume(String id, Long ifMatchVersion) {
    store.write(
        tx -> {
          var volume = require(tx, id);
          requireVersion(volume, ifMatchVersion);
          var attachment = tx.volumeAttachments().findByVolume(id);
          if (attachment.isPresent()) {
            throw ApiException.conflict(
                ErrorCode.VOLUME_ATTACHED,
                "Volume "
                    + volume.name()
                    + " is attached to instance "
                    + attachment.get().instanceId()
                    + "; detach it (or delete the instance) before deleting the volume.");
          }
          if (volume.busy()) {
            throw ApiException.conflict(
                ErrorCode.VOLUME_BUSY,
                "Volume " + volume.name() + " is busy: an image is being created from it.");
          }
          if (!tx.volumes().delete(id, volume.version())) {
            throw ApiException.notFound("Volume", id);
          }
          tx.tags().detachAll(TaggedResource.volume(id));
          events.record(tx, Change.of(Subject.of(volume), "delete", 204, "user"));
          disks.deleteDisk(tx, id, protection(events, volume));
          return null;
        });
    disks.reclaim();
  }

  /**
   * How the volume's disk is protected: by its customer root key, with which the volume's CRN is
   * registered, or by the master key.
   */
  public static Protection protection(EventRecorder events, Volume volume) {
    return volume.encryptionKeyCrn() == null
        ? Protection.PROVIDER
        : new Protection(volume.encryptionKeyCrn(), events.crnOf(Subject.of(volume)));
  }

  static VolumeDetails details(Tx tx, Volume volume) {
    var attached =
        tx.volumeAttachments()
            .findByVolume(volume.id())
            .flatMap(
                a -> tx.instances().get(a.instanceId()).map(i -> new VolumeDetails.Attached(a, i)))
            .map(List::of)
            .orElse(List.of());
    return new VolumeDetails(
        volume, attached, tx.tags().tagsOf(TaggedResource.volume(volume.id())));
  }

  /**
   * PATCH's {@code user_tags} replaces the volume's tags: the same tags Global Tagging attaches and
   * detaches by the volume's CRN, since IBM keeps a VPC resource's user tags there too.
   */
  private static void replaceTags(Tx tx, Volume volume, List<TagName> wanted) {
    var tagged = TaggedResource.volume(volume.id());
    var keep = Set.copyOf(wanted);
    for (var tag : tx.tags().tagsOf(tagged)) {
      if (!keep.contains(tag)) {
        tx.tags().detach(tagged, tag);
      }
    }
    wanted.forEach(tag -> tx.tags().attach(tagged, tag));
  }

  private static Volume require(Tx tx, String id) {
    return tx.volumes().get(id).orElseThrow(() -> ApiException.notFound("Volume", id));
  }

  private static void requireVersion(Volume volume, Long ifMatchVersion) {
    if (ifMatchVersion != null && ifMatchVersion != volume.version()) {
      throw new ApiException(
          ErrorCode.PRECONDITION_FAILED,
          "The volume has changed since the ETag given in If-Match; read it again and retry.",
          Target.header("If-Match", null));
    }
  }

  private static ApiException changedMeanwhile() {
    return ApiException.conflict(
        ErrorCode.CONFLICT, "The volume changed while it was being updated; retry.");
  }
}
