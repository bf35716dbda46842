package io.imprint.store.blob;

import io.imprint.core.port.BlobStore;

/**
 * The blob store contract and the directory's rules again, with every blob written through the page
 * cache ({@code blob-writes: cached}) instead of past it.
 */
class CachedLocalBlobStoreContractTest extends LocalBlobStoreContractTest {
  @Override
  protected BlobStore openStore() {
    return new LocalBlobStore(root(), false);
  }
}
