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
    String profileName,
    Placement placement,
    Reference image,
    State state,
    Instant createdAt,
    long version) {

  /** Where the instance runs: zone, VPC, resource group and its primary network interface. */
  public record Placement(
      String zone,
      String vpcId,
      String vpcName,
      String resourceGroupId,
      NetworkInterface primaryNetworkInterface) {}

  /** The power state: status, reasons and when it last changed (the settle steps count from it). */
  public record State(
      InstanceStatus status, List<StatusReason> statusReasons, Instant statusChangedAt) {
    public State {
      statusReasons = statusReasons == null ? null : List.copyOf(statusReasons);
    }
  }

  public static final String STOPPED_FOR_IMAGE_CREATION = "stopped_for_image_creation";

  public String zone() {
    return placement.zone();
  }

  public String vpcId() {
    return placement.vpcId();
  }

  public String vpcName() {
    return placement.vpcName();
  }

  public String resourceGroupId() {
    return placement.resourceGroupId();
  }

  public NetworkInterface primaryNetworkInterface() {
    return placement.primaryNetworkInterface();
  }

  public InstanceStatus status() {
    return state.status();
  }

  public List<StatusReason> statusReasons() {
    return state.statusReasons();
  }

  public Instant statusChangedAt() {
    return state.statusChangedAt();
  }

  public Instance withName(String newName) {
    return new Instance(id, newName, profileName, placement, image, state, createdAt, version);
  }

  public boolean isStoppedForImageCreation() {
    return state.statusReasons().stream()
        .anyMatch(r -> r.code().equals(STOPPED_FOR_IMAGE_CREATION));
  }

  public Instance withReasons(List<StatusReason> reasons) {
    var newState = new State(state.status(), reasons, state.statusChangedAt());
    return new Instance(id, name, profileName, placement, image, newState, createdAt, version);
  }

  public Instance withStatus(InstanceStatus newStatus, List<StatusReason> reasons, Instant at) {
    var newState = new State(newStatus, reasons, at);
    return new Instance(id, name, profileName, placement, image, newState, createdAt, version);
  }
}
