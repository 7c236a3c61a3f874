package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Trims, retention and deletions give the bucket's space back at the next checkpoint, and the
 * log and old manifests do not pile up: what the bucket holds is what the data needs.
 */
class S3StoreSpaceTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();
  private static final String BASIN = "space-basin";
  private static final int RECORD_BYTES = 64 << 10;

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Appends {@code count} records of 64 KiB (expiring at {@code expiry}) in batches of 8. */
  private static void fill(S3Store store, String stream, long first, int count, long expiry) {
    for (long seq = first; seq < first + count; seq += 8) {
      List<StoredRecord> batch = new ArrayList<>();
      for (long s = seq; s < Math.min(seq + 8, first + count); s++) {
        batch.add(new StoredRecord(s, s, expiry, RECORD_BYTES, new byte[RECORD_BYTES]));
      }
      long end = batch.get(batch.size() - 1).seqNum() + 1;
      store.appendRecords(BASIN, stream, batch, new RecordsState(end, end - 1, "", 0)).join();
    }
  }

  private static List<String> objects(String path, String kind) {
    return server.keys(TestStores.BUCKET).stream().filter(k -> k.startsWith(path + "/" + kind + "/")).toList();
  }

  @Test
  void trimmedRecordsLeaveTheBucketAtTheNextCheckpoint() {
    String path = TestStores.uniquePath();
    try (S3Store store = S3Store.open(TestStores.on(server, path).build())) {
      fill(store, "s", 0, 160, Long.MAX_VALUE);
      store.checkpoint();
      List<String> before = objects(path, "segments");
      assertThat(before).as("10 MiB in segments of about 4 MiB").hasSize(3);

      store.deleteRecords(BASIN, "s", 130, 0);
      store.checkpoint();

      assertThat(objects(path, "segments")).hasSize(1).isSubsetOf(before);
      assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(1, Long.MAX_VALUE, -1L), 0))
          .extracting(StoredRecord::seqNum).containsExactly(130L);

      store.deleteRecords(BASIN, "s", -1L, 0);
      store.checkpoint();

      assertThat(objects(path, "segments")).isEmpty();
      assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(160);
    }
  }

  @Test
  void expiredRecordsLeaveTheBucketOnceDeleted() {
    String path = TestStores.uniquePath();
    try (S3Store store = S3Store.open(TestStores.on(server, path).build())) {
      fill(store, "old", 0, 80, 1_000);
      fill(store, "new", 0, 8, Long.MAX_VALUE);
      store.checkpoint();
      assertThat(objects(path, "segments")).hasSize(3);

      store.deleteRecords(BASIN, "old", 0, 2_000);
      store.deleteRecords(BASIN, "new", 0, 2_000);
      store.checkpoint();

      assertThat(objects(path, "segments")).hasSize(1);
      assertThat(store.liveRecordCount(BASIN, "old", 2_000)).isZero();
      assertThat(store.liveRecordCount(BASIN, "new", 2_000)).isEqualTo(8);
    }
  }

  @Test
  void removedStreamsAndClearedStoresLeaveTheBucket() {
    String path = TestStores.uniquePath();
    try (S3Store store = S3Store.open(TestStores.on(server, path).build())) {
      fill(store, "a", 0, 16, Long.MAX_VALUE);
      fill(store, "b", 0, 16, Long.MAX_VALUE);
      store.checkpoint();
      assertThat(objects(path, "segments")).hasSize(2);

      store.removeStream(BASIN, "a");
      store.checkpoint();
      assertThat(objects(path, "segments")).hasSize(1);

      store.clear();
      store.checkpoint();
      assertThat(objects(path, "segments")).isEmpty();
    }
  }

  @Test
  void theLogAndOldManifestsDoNotPileUp() {
    String path = TestStores.uniquePath();
    try (S3Store store = S3Store.open(TestStores.on(server, path).build())) {
      for (int round = 0; round < 5; round++) {
        fill(store, "s", round * 8L, 8, Long.MAX_VALUE);
        store.checkpoint();
      }
      assertThat(objects(path, "wal")).as("log objects after the last checkpoint").hasSizeLessThanOrEqualTo(1);
      assertThat(objects(path, "manifest")).hasSizeLessThanOrEqualTo(2);
      assertThat(objects(path, "segments")).as("five 512 KiB checkpoints, small tails extended to 1 MiB").hasSize(3);
    }
  }

  @Test
  void smallCheckpointsOfAStreamAreMergedIntoOneSegment() {
    String path = TestStores.uniquePath();
    try (S3Store store = S3Store.open(TestStores.on(server, path).build())) {
      for (int round = 0; round < 6; round++) {
        fill(store, "s", round * 2L, 2, Long.MAX_VALUE);
        store.checkpoint();
      }
      assertThat(objects(path, "segments")).hasSize(1);
      assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, Long.MAX_VALUE, -1L), 0)).hasSize(12);
    }
  }
}
