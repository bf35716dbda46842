package io.imprint.core.app.iam;

import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.port.Store;
import java.util.Optional;

/**
 * Where a resource sits, as an access decision needs it: its resource group, whether it is public
 * (the stock catalog), and for a volume the instance it is attached to.
 */
public final class Placements {
  /** The resource group of a resource; {@code attachedTo} is a volume's instance, else null. */
  public record Placement(String resourceGroupId, boolean isPublic, String attachedTo) {}

  private final Store store;

  public Placements(Store store) {
    this.store = store;
  }

  /** Where the resource {@code id} of {@code type} ({@code image}, {@code volume}, …) is. */
  public Optional<Placement> locate(String type, String id) {
    return store.read(
        tx ->
            switch (type) {
              case "image" ->
                  tx.images()
                      .get(id)
                      .map(
                          i ->
                              new Placement(
                                  i.resourceGroupId(),
                                  i.visibility() == Image.Visibility.PUBLIC,
                                  null));
              case "volume" ->
                  tx.volumes()
                      .get(id)
                      .map(
                          v ->
                              new Placement(
                                  v.resourceGroupId(),
                                  false,
                                  tx.volumeAttachments()
                                      .findByVolume(id)
                                      .map(VolumeAttachment::instanceId)
                                      .orElse(null)));
              case "instance" ->
                  tx.instances().get(id).map(i -> new Placement(i.resourceGroupId(), false, null));
              case "vpc" ->
                  tx.vpcs().get(id).map(v -> new Placement(v.resourceGroupId(), false, null));
              case "subnet" ->
                  tx.subnets().get(id).map(s -> new Placement(s.resourceGroupId(), false, null));
              default -> Optional.empty();
            });
  }
}
