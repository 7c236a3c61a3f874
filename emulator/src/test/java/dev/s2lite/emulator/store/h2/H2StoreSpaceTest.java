package dev.s2lite.emulator.store.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the H2 store does: its file is locked to one process, the space of trimmed and
 * removed records is reused while it runs, and closing gives the rest back.
 */
class H2StoreSpaceTest {

  static final int MIB_PER_CYCLE = 4;
  static final int CYCLES = 12;

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
  void theFileStopsGrowingOverCyclesOfFillingAndTrimmingWhileTheStoreRuns() {
    List<Long> sizes = new ArrayList<>();
    try (H2Store store = H2Store.open(dir, Duration.ofMillis(1), 8 << 20, 0)) {
      long tail = 0;
      appendMiB(store, "kept", 0, MIB_PER_CYCLE);
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        tail = appendMiB(store, "trimmed", tail, MIB_PER_CYCLE);
        store.deleteRecords("b", "trimmed", tail, 0);
        appendMiB(store, "removed-" + cycle, 0, MIB_PER_CYCLE);
        store.removeStream("b", "removed-" + cycle);
        store.compactionSettled().orTimeout(2, TimeUnit.MINUTES).join();
        sizes.add(store.fileSize());
      }
      System.out.printf("H2 file after each cycle of %d MiB written and %d MiB dropped (MiB): %s%n",
          2 * MIB_PER_CYCLE, 2 * MIB_PER_CYCLE, sizes.stream().map(b -> String.format("%.1f", b / 1048576.0)).toList());

      assertThat(store.liveRecordCount("b", "kept", 0)).isEqualTo(MIB_PER_CYCLE * 1000L);
      assertThat(store.liveRecordCount("b", "trimmed", 0)).isZero();
      long firstHalf = sizes.subList(0, CYCLES / 2).stream().max(Long::compare).orElseThrow();
      long secondHalf = sizes.subList(CYCLES / 2, CYCLES).stream().max(Long::compare).orElseThrow();
      assertThat(secondHalf).as("the file in the last %d cycles (MiB sizes %s)", CYCLES / 2, sizes)
          .isLessThanOrEqualTo(firstHalf + (MIB_PER_CYCLE << 20) / 2);
      assertThat(sizes.get(CYCLES - 1)).as("the file after %d MiB written, %d MiB of it kept (sizes %s)",
          (2L * CYCLES + 1) * MIB_PER_CYCLE, MIB_PER_CYCLE, sizes).isLessThan(4L * MIB_PER_CYCLE << 20);
    }
  }

  @Test
  void closingGivesBackTheSpaceOfTrimmedAndRemovedRecords() {
    long written;
    // A retention of an hour: nothing is written over while this test runs, closing must give it back.
    H2Store store = H2Store.open(dir, Duration.ofMillis(1), 8 << 20, 3_600_000);
    long tail = 0;
    for (int cycle = 0; cycle < 8; cycle++) {
      tail = appendMiB(store, "trimmed", tail, MIB_PER_CYCLE);
      store.deleteRecords("b", "trimmed", tail, 0);
      appendMiB(store, "removed-" + cycle, 0, MIB_PER_CYCLE);
      store.removeStream("b", "removed-" + cycle);
    }
    appendMiB(store, "kept", 0, MIB_PER_CYCLE);
    written = store.fileSize();
    store.close();

    try (H2Store reopened = H2Store.open(dir, Duration.ofMillis(1), 8 << 20)) {
      assertThat(reopened.liveRecordCount("b", "trimmed", 0)).isZero();
      assertThat(reopened.liveRecordCount("b", "kept", 0)).isEqualTo(MIB_PER_CYCLE * 1000L);
      assertThat(written).as("the file while running").isGreaterThan(16L * MIB_PER_CYCLE << 20);
      assertThat(reopened.fileSize()).as("the file after closing, %d MiB of it kept", MIB_PER_CYCLE)
          .isLessThan(3L * MIB_PER_CYCLE << 20);
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

  @Test
  void aFileThatIsNotAStoreIsRefusedAndNotLeftLocked() throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve(H2Store.FILE_NAME), new byte[64 << 10]);
    assertThatThrownBy(() -> H2Store.open(dir, Duration.ofMillis(5), 8 << 20))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot open");

    Files.delete(dir.resolve(H2Store.FILE_NAME));
    try (H2Store store = H2Store.open(dir, Duration.ofMillis(5), 8 << 20)) {
      assertThat(store.fileSize()).isPositive();
    }
  }
}
