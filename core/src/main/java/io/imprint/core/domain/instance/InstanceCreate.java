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
    String vpcId,
    String subnetId,
    String networkInterfaceName,
    boolean networkAttachmentStyle,
    String imageId,
    String resourceGroupId,
    BootVolume bootVolume,
    List<DataVolume> dataVolumes) {

  public record BootVolume(
      String name,
      Integer capacity,
      String profileName,
      Boolean deleteVolumeOnInstanceDelete,
      String attachmentName) {
    public static BootVolume defaults() {
      return new BootVolume(null, null, null, null, null);
    }
  }

  public record DataVolume(
      String volumeId, String attachmentName, Boolean deleteVolumeOnInstanceDelete) {}
}
