package io.imprint.core.app.image;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeFilter;
import io.imprint.core.port.Store;
import java.util.ArrayList;
import java.util.List;

/** Who still uses an image: the instances booted from it and the volumes made from it. */
public final class ImageConsumers {
  public record Consumers(List<Instance> instances, List<Volume> volumes) {}

  private final Store store;

  public ImageConsumers(Store store) {
    this.store = store;
  }

  /**
   * Walks instances and volumes page by page; references to images are kept in the records, not
   * indexed, which is fine for the thousands of resources one Imprint holds.
   */
  public Consumers listImageConsumers(String imageId) {
    return store.read(
        tx -> {
          tx.images().get(imageId).orElseThrow(() -> ApiException.notFound("Image", imageId));
          var instances = new ArrayList<Instance>();
          long after = 0;
          while (true) {
            var page =
                tx.instances()
                    .list(InstanceFilter.none(), new PageRequest(PageRequest.MAX_LIMIT, after));
            page.items().stream()
                .filter(i -> i.image() != null && i.image().id().equals(imageId))
                .forEach(instances::add);
            if (!page.hasNext()) {
              break;
            }
            after = page.nextAfter();
          }
          var volumes = new ArrayList<Volume>();
          after = 0;
          while (true) {
            var page =
                tx.volumes()
                    .list(VolumeFilter.none(), new PageRequest(PageRequest.MAX_LIMIT, after));
            page.items().stream()
                .filter(v -> v.sourceImage() != null && v.sourceImage().id().equals(imageId))
                .forEach(volumes::add);
            if (!page.hasNext()) {
              break;
            }
            after = page.nextAfter();
          }
          return new Consumers(instances, volumes);
        });
  }
}
