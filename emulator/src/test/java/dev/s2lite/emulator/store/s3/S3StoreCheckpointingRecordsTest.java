package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreRecordsContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The records contract with a tiny memtable and checkpoint interval, so that records move to
 * segments (merged, split, replaced, deleted) while the tests append, read and delete: every read
 * path goes through segment objects and the cache as well as memory.
 */
class S3StoreCheckpointingRecordsTest extends StoreRecordsContractTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();

  @Override
  protected Store newStore() {
    return S3Store.open(TestStores.on(server, TestStores.uniquePath())
        .memtableBytes(4096)
        .cacheBytes(64 << 10)
        .checkpointInterval(Duration.ofMillis(20))
        .build());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }
}
