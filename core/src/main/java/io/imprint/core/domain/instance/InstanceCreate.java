package io.imprint.core.domain.instance;

import java.util.List;

/**
 * A request for a new instance from an image ({@code InstancePrototypeInstanceByImage}); null
 * fields take IBM's defaults. {@code networkAttachmentStyle} tells whether the subnet came in
 * {@code primary_network_attachment}.
 */
public record InstanceCreate(
    String name,
    String zone,
    String profileName,
    Network network,
    String imageId,
    String resourceGroupId,
    BootVolume bootVolume,
    List<DataVolume> dataVolumes) {

  /**
   * The primary network interface or attachment: its VPC and subnet, its name, and whether the
   * request used the newer network attachment style (the response mirrors it).
   */
  public record Network(
      String vpcId, String subnetId, String networkInterfaceName, boolean networkAttachmentStyle) {}

  public String vpcId() {
    return network.vpcId();
  }

  public String subnetId() {
    return network.subnetId();
  }

  public String networkInterfaceName() {
    return network.networkInterfaceName();
  }

  public boolean networkAttachmentStyle() {
    return network.networkAttachmentStyle();
  }

  public record BootVolume(
      String name,
      Integer capacity,
      String profileName,
      Boolean deleteVolumeOnInstanceDelete,
      String attachmentName,
      String encryptionKeyCrn) {
    public static BootVolume defaults() {
      return new BootVolume(null, null, null, null, null, null);
    }
  }

  public record DataVolume(
      String volumeId, String attachmentName, Boolean deleteVolumeOnInstanceDelete) {}
}
