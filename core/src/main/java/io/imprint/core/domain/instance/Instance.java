package io.imprint.core.domain.instance;

import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import java.time.Instant;
import java.util.List;

/**
 * A virtual server instance as a record: Imprint runs no guest, so an instance is its boot volume,
 * its attachments and a power state machine ({@link InstanceLifecycle}).
 */
public record Instance(
    String id,
    String name,
    String zone,
    String profileName,
    String vpcId,
    String vpcName,
    InstanceStatus status,
    List<StatusReason> statusReasons,
    Reference image,
    String resourceGroupId,
    NetworkInterface primaryNetworkInterface,
    Instant createdAt,
    Instant statusChangedAt,
    long version) {
  /**
   * Lists are copied: records are shared once read (a store may cache them), so none may change.
   */
  public Instance {
    statusReasons = statusReasons == null ? null : List.copyOf(statusReasons);
  }

  public Instance withName(String newName) {
    return new Instance(
        id,
        newName,
        zone,
        profileName,
        vpcId,
        vpcName,
        status,
        statusReasons,
        image,
        resourceGroupId,
        primaryNetworkInterface,
        createdAt,
        statusChangedAt,
        version);
  }

  /**
   * IBM's reason while a capture of the boot volume runs: the instance stays stopped and cannot be
   * started.
   */
  public static final String STOPPED_FOR_IMAGE_CREATION = "stopped_for_image_creation";

  public boolean isStoppedForImageCreation() {
    return statusReasons.stream().anyMatch(r -> r.code().equals(STOPPED_FOR_IMAGE_CREATION));
  }

  public Instance withReasons(List<StatusReason> reasons) {
    return new Instance(
        id,
        name,
        zone,
        profileName,
        vpcId,
        vpcName,
        status,
        reasons,
        image,
        resourceGroupId,
        primaryNetworkInterface,
        createdAt,
        statusChangedAt,
        version);
  }

  public Instance withStatus(InstanceStatus newStatus, List<StatusReason> reasons, Instant at) {
    return new Instance(
        id,
        name,
        zone,
        profileName,
        vpcId,
        vpcName,
        newStatus,
        reasons,
        image,
        resourceGroupId,
        primaryNetworkInterface,
        createdAt,
        at,
        version);
  }
}
