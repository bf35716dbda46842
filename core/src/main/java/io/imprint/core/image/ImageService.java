package io.imprint.core.image;

import io.imprint.core.catalog.Catalog;
import io.imprint.core.catalog.OperatingSystem;
import io.imprint.core.common.ApiException;
import io.imprint.core.common.Deployment;
import io.imprint.core.common.Page;
import io.imprint.core.common.PageRequest;
import io.imprint.core.store.ImageRepository;
import io.imprint.core.store.Store;
import java.util.List;

/** Images: the public stock catalog and the account's own images. One method per IBM operation. */
public final class ImageService {
  /** IBM's stock images keep their boot volumes at 100 GB at least. */
  public static final int STOCK_MINIMUM_PROVISIONED_SIZE = 100;

  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;

  public ImageService(Store store, Deployment deployment, Catalog catalog) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
  }

  /**
   * Adds the stock image of every catalog operating system that is not there yet: public, provider-owned,
   * available. Idempotent; runs at every start, so a newer Imprint adds its new stock images to an old data dir.
   */
  public void ensureStockImages() {
    store.write(
        tx -> {
          for (var os : catalog.operatingSystems()) {
            var name = stockImageName(os);
            if (tx.images().findByName(name).isEmpty()) {
              tx.images().insert(stockImage(os, name));
            }
          }
          return null;
        });
  }

  public static String stockImageName(OperatingSystem os) {
    return "ibm-" + os.name().replace("-amd64", "-minimal-amd64").replace("-s390x", "-minimal-s390x") + "-1";
  }

  public Page<Image> listImages(ImageFilter filter, PageRequest page) {
    return store.read(tx -> tx.images().list(new ImageRepository.Query(filter, deployment.accountId()), page));
  }

  public Image getImage(String id) {
    return store.read(tx -> tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id)));
  }

  private Image stockImage(OperatingSystem os, String name) {
    return new Image(
        deployment.ids().regional(),
        name,
        ImageStatus.AVAILABLE,
        List.of(),
        Image.Visibility.PUBLIC,
        deployment.providerAccountId(),
        "none",
        null,
        null,
        null,
        STOCK_MINIMUM_PROVISIONED_SIZE,
        os.name(),
        os.userDataFormat(),
        null,
        false,
        AllowedUse.unconstrained("2019-01-01"),
        null,
        null,
        null,
        deployment.now(),
        0);
  }
}
