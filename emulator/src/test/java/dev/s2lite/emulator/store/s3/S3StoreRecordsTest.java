package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreRecordsContractTest;

/** The records contract, on s3proxy. */
class S3StoreRecordsTest extends StoreRecordsContractTest {

  @Override
  protected Store newStore() {
    return S3Store.open(TestStores.onS3Proxy(TestStores.uniquePath()).build());
  }
}
