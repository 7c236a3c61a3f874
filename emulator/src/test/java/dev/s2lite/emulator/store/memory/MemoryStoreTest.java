package dev.s2lite.emulator.store.memory;

import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreContractTest;

class MemoryStoreTest extends StoreContractTest {

  @Override
  protected Store newStore() {
    return new MemoryStore();
  }
}
