package dev.s2lite.emulator.store.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the H2 store does: its file is locked to one process, and deleted data's space is reused. */
class H2StoreSpaceTest {

  static final int MIB_PER_CYCLE = 4;

  @TempDir
  Path dir;

  private static long appendMiB(H2Store store, String stream, long from, int mib) {
    long seq = from;
    for (int batch = 0; batch < mib * 10; batch++) {
      List<StoredRecord> records = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        records.add(new StoredRecord(seq, 0, Long.MAX_VALUE, 1032, new byte[1024 + i % 8]));
        seq++;
      }
      store.appendRecords("b", stream, records, new RecordsState(seq, 0, "", 0)).join();
    }
    return seq;
  }

  @Test
  void spaceOfTrimmedAndRemovedRecordsIsReused() {
    try (H2Store store = H2Store.open(dir, Duration.ofMillis(1), 8 << 20, 0)) {
      long tail = 0;
      for (int cycle = 0; cycle < 8; cycle++) {
        tail = appendMiB(store, "trimmed", tail, MIB_PER_CYCLE);
        store.deleteRecords("b", "trimmed", tail, 0);
        appendMiB(store, "removed-" + cycle, 0, MIB_PER_CYCLE);
        store.removeStream("b", "removed-" + cycle);
      }

      assertThat(store.liveRecordCount("b", "trimmed", 0)).isZero();
      assertThat(store.fileSize()).as("file after writing and dropping %d MiB", 16 * MIB_PER_CYCLE)
          .isLessThan(6L * MIB_PER_CYCLE << 20);
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefusedWithAClearMessage() {
    try (H2Store first = H2Store.open(dir, Duration.ofMillis(5), 8 << 20)) {
      assertThatThrownBy(() -> H2Store.open(dir, Duration.ofMillis(5), 8 << 20))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another process").hasMessageContaining(dir.toString());
      assertThat(first.file()).exists();
    }
  }
}
