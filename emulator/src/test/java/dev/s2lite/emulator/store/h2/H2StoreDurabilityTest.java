package dev.s2lite.emulator.store.h2;

import dev.s2lite.emulator.store.DurableStoreContractTest;
import dev.s2lite.emulator.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class H2StoreDurabilityTest extends DurableStoreContractTest {

  @TempDir
  Path dir;

  @Override
  protected Store open() {
    return H2Store.open(dir, Duration.ofMillis(5), 8 << 20);
  }

  @Override
  protected void crash(Store store) {
    ((H2Store) store).halt();
  }
}
