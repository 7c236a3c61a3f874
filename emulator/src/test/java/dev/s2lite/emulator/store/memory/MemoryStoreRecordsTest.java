package dev.s2lite.emulator.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreRecordsContractTest;
import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStoreRecordsTest extends StoreRecordsContractTest {

  @Override
  protected Store newStore() {
    return new MemoryStore();
  }

  @Test
  void memoryIsProportionalToPayloadAndReleasedByTrims() {
    int records = 40_000; // enough that a trim frees many chunks of up to a G1 region each
    List<StoredRecord> batch = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      batch.add(new StoredRecord(i, i, Long.MAX_VALUE, 1032, new byte[1024]));
    }
    store.appendRecords("b", "s", batch, new RecordsState(records, records - 1, "", 0)).join();
    long payload = 1024L * records;
    // Slots, and at most one partly filled chunk (up to a G1 region).
    assertThat(store.recordsFootprint("b", "s"))
        .isBetween(payload, payload + payload / 10 + Math.max(1 << 20, RecordLog.LATER_CHUNK_BYTES));
    store.deleteRecords("b", "s", records - 100, 0);
    assertThat(store.recordsFootprint("b", "s")).isLessThan(payload / 4);
  }
}
