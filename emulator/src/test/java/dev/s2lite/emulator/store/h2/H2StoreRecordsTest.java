package dev.s2lite.emulator.store.h2;

import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreRecordsContractTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class H2StoreRecordsTest extends StoreRecordsContractTest {

  @TempDir
  Path dir;

  @Override
  protected Store newStore() {
    return H2Store.open(dir, Duration.ofMillis(1), 8 << 20);
  }
}
