package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.DurableStoreContractTest;
import dev.s2lite.emulator.store.Store;

/** The durability contract, on s3proxy: reopening reads the same bucket and path. */
class S3StoreDurabilityTest extends DurableStoreContractTest {

  private S3Settings settings;

  @Override
  protected Store newStore() {
    settings = TestStores.onS3Proxy(TestStores.uniquePath()).build();
    return S3Store.open(settings);
  }

  @Override
  protected Store closeAndReopen(Store store) {
    store.close();
    return S3Store.open(settings);
  }

  @Override
  protected Store crashAndReopen(Store store) {
    ((S3Store) store).halt();
    return S3Store.open(settings);
  }
}
