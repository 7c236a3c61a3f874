package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.DurableStoreContractTest;
import dev.s2lite.emulator.store.Store;

/** The durability contract, on s3proxy: reopening reads the same bucket and path. */
class S3StoreDurabilityTest extends DurableStoreContractTest {

  private final S3Settings settings = TestStores.onS3Proxy(TestStores.uniquePath()).build();

  @Override
  protected Store open() {
    return S3Store.open(settings);
  }

  @Override
  protected void crash(Store store) {
    ((S3Store) store).halt();
  }
}
