package dev.s2lite.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The records half of the Store contract: every store's test extends this. Records are opaque
 * payloads with seq_num, timestamp, expiry and metered size; the store keeps them in order, reads
 * them within bounds, finds timestamps, deletes prefixes and forgets removed streams.
 */
public abstract class StoreRecordsContractTest {

  static final String BASIN = "contract-basin";
  static final long FOREVER = Long.MAX_VALUE;

  protected Store store;

  protected abstract Store newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static StoredRecord rec(long seq, long ts, String payload) {
    return rec(seq, ts, FOREVER, payload);
  }

  static StoredRecord rec(long seq, long ts, long expires, String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return new StoredRecord(seq, ts, expires, 8 + bytes.length, bytes);
  }

  static List<String> payloads(List<StoredRecord> records) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(new String(r.payload(), StandardCharsets.UTF_8)));
    return out;
  }

  static ReadBounds unbounded() {
    return new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);
  }

  void appendBatch(String stream, long firstSeq, long... timestamps) {
    List<StoredRecord> batch = new ArrayList<>();
    for (int i = 0; i < timestamps.length; i++) {
      batch.add(rec(firstSeq + i, timestamps[i], "r" + (firstSeq + i)));
    }
    long last = timestamps[timestamps.length - 1];
    store.appendRecords(BASIN, stream, batch, new RecordsState(firstSeq + timestamps.length, last, "", 0)).join();
  }

  @Test
  void aStreamWithoutRecordsHasTheEmptyState() {
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
    assertThat(store.readRecords(BASIN, "s", 0, unbounded(), 0)).isEmpty();
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 5)).isZero();
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isZero();
  }

  @Test
  void anEmptyBatchSetsTheStateAndTheNextBatchStartsThere() {
    // How a snapshot restores a stream whose first records were trimmed or expired.
    store.appendRecords(BASIN, "s", List.of(), new RecordsState(5, 0, "", 0)).join();
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(5);

    store.appendRecords(BASIN, "s", List.of(rec(5, 50, "r5"), rec(6, 60, "r6")), new RecordsState(7, 60, "t", 5)).join();

    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("r5", "r6");
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(new RecordsState(7, 60, "t", 5));
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 55)).isEqualTo(6);
  }

  @Test
  void appendedRecordsReadBackInOrderWithTheirState() {
    appendBatch("s", 0, 10, 20);
    store.appendRecords(BASIN, "s", List.of(rec(2, 30, "r2")), new RecordsState(3, 30, "tok", 1)).join();
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("r0", "r1", "r2");
    assertThat(payloads(store.readRecords(BASIN, "s", 1, unbounded(), 0))).containsExactly("r1", "r2");
    assertThat(store.readRecords(BASIN, "s", 3, unbounded(), 0)).isEmpty();
    assertThat(store.readRecords(BASIN, "s", -1L, unbounded(), 0)).isEmpty();
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(new RecordsState(3, 30, "tok", 1));
    StoredRecord first = store.readRecords(BASIN, "s", 0, unbounded(), 0).get(0);
    assertThat(first.seqNum()).isZero();
    assertThat(first.timestamp()).isEqualTo(10);
    assertThat(first.meteredBytes()).isEqualTo(10);
  }

  @Test
  void aBatchNotStartingAtTheTailIsRefusedAndWritesNothing() {
    appendBatch("s", 0, 1);
    assertThatThrownBy(() -> store.appendRecords(BASIN, "s", List.of(rec(5, 2, "x")),
        new RecordsState(6, 2, "", 0)).join()).isInstanceOf(RuntimeException.class);
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(1);
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("r0");
  }

  @Test
  void batchesHandedOverWithoutWaitingBecomeDurableInOrderAcrossStreams() {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    List<String> completions = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int batch = 0; batch < 50; batch++) {
      for (String stream : List.of("a", "b", "c")) {
        long first = batch * 2L;
        String label = stream + batch;
        CompletableFuture<Void> write = store.appendRecords(BASIN, stream,
            List.of(rec(first, batch, stream + first), rec(first + 1, batch, stream + (first + 1))),
            new RecordsState(first + 2, batch, "", 0));
        writes.add(write.whenComplete((v, e) -> completions.add(label)));
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    for (String stream : List.of("a", "b", "c")) {
      assertThat(store.recordsState(BASIN, stream).nextSeqNum()).isEqualTo(100);
      List<StoredRecord> records = store.readRecords(BASIN, stream, 0, unbounded(), 0);
      assertThat(records).extracting(StoredRecord::seqNum).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, 100).boxed().toList());
      List<String> ofStream = completions.stream().filter(l -> l.startsWith(stream)).toList();
      assertThat(ofStream).as("completion order of " + stream).containsExactlyElementsOf(
          java.util.stream.IntStream.range(0, 50).mapToObj(i -> stream + i).toList());
    }
  }

  @Test
  void readsStopAtTheCountBytesOrUntilBound() {
    appendBatch("s", 0, 10, 20, 20, 30);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(2, Long.MAX_VALUE, -1L), 0)).hasSize(2);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(0, Long.MAX_VALUE, -1L), 0)).isEmpty();
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, 20, -1L), 0)).hasSize(2);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, 19, -1L), 0)).hasSize(1);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, 9, -1L), 0)).isEmpty();
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, Long.MAX_VALUE, 20), 0)).hasSize(1);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(100, Long.MAX_VALUE, 31), 0)).hasSize(4);
  }

  @Test
  void timestampLookupFindsTheFirstRecordAtOrAfterItOrTheTail() {
    appendBatch("s", 0, 10, 20, 20, 30);
    appendBatch("other", 0, 1000);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 0)).isZero();
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 10)).isZero();
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 11)).isEqualTo(1);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 20)).isEqualTo(1);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 30)).isEqualTo(3);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 31)).isEqualTo(4);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", -1L)).isEqualTo(4);
  }

  @Test
  void expiredRecordsAreSkippedAndLeadingOnesDeleted() {
    store.appendRecords(BASIN, "s", List.of(rec(0, 1, 100, "a"), rec(1, 1, 300, "b"), rec(2, 1, 200, "c")),
        new RecordsState(3, 1, "", 0)).join();
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 250))).containsExactly("b");
    assertThat(store.liveRecordCount(BASIN, "s", 250)).isEqualTo(1);
    store.deleteRecords(BASIN, "s", 0, 150);
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("b", "c");
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(3);
  }

  @Test
  void deletingBelowASeqNumKeepsTheRestAndTheTail() {
    for (int i = 0; i < 50; i++) {
      appendBatch("s", i * 100L, new long[100]);
    }
    store.deleteRecords(BASIN, "s", 4_321, 0);
    List<StoredRecord> rest = store.readRecords(BASIN, "s", 0, new ReadBounds(5, Long.MAX_VALUE, -1L), 0);
    assertThat(rest.get(0).seqNum()).isEqualTo(4_321);
    assertThat(payloads(rest)).startsWith("r4321", "r4322");
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(5_000 - 4_321);
    store.deleteRecords(BASIN, "s", 100, 0);
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(5_000 - 4_321);
    store.deleteRecords(BASIN, "s", -1L, 0);
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isZero();
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(5_000);
    appendBatch("s", 5_000, 7);
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("r5000");
  }

  @Test
  void largePayloadsAndManyRecordsSurviveIntact() {
    byte[] big = new byte[1_500_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    store.appendRecords(BASIN, "s", List.of(new StoredRecord(0, 0, FOREVER, 1, big)), new RecordsState(1, 0, "", 0)).join();
    appendBatch("s", 1, new long[3000]);
    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(1, Long.MAX_VALUE, -1L), 0).get(0).payload())
        .isEqualTo(big);
    assertThat(payloads(store.readRecords(BASIN, "s", 2999, unbounded(), 0))).containsExactly("r2999", "r3000");
  }

  @Test
  void meteredBytesCountTheKeptRecordsThroughDeletions() {
    for (int i = 0; i < 30; i++) {
      appendBatch("s", i * 100L, new long[100]);
    }
    // Payloads "r0".."r2999" are 2 to 5 bytes, metered at 8 more.
    long all = 0;
    for (int seq = 0; seq < 3000; seq++) {
      all += 8 + ("r" + seq).length();
    }
    assertThat(store.meteredBytes(BASIN, "s")).isEqualTo(all);

    store.deleteRecords(BASIN, "s", 1234, 0);
    long kept = 0;
    for (int seq = 1234; seq < 3000; seq++) {
      kept += 8 + ("r" + seq).length();
    }
    assertThat(store.meteredBytes(BASIN, "s")).isEqualTo(kept);

    store.appendRecords(BASIN, "s", List.of(rec(3000, 1, 10, "expiring")), new RecordsState(3001, 1, "", 0)).join();
    assertThat(store.meteredBytes(BASIN, "s")).as("expired records count until deleted").isEqualTo(kept + 16);
    store.deleteRecords(BASIN, "s", -1L, 0);
    assertThat(store.meteredBytes(BASIN, "s")).isZero();
    assertThat(store.meteredBytes(BASIN, "other")).isZero();
  }

  @Test
  void removingAStreamForgetsItsRecordsAndState() {
    appendBatch("s", 0, 1, 2);
    store.removeStream(BASIN, "s");
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
    assertThat(store.readRecords(BASIN, "s", 0, unbounded(), 0)).isEmpty();
    appendBatch("s", 0, 5);
    assertThat(payloads(store.readRecords(BASIN, "s", 0, unbounded(), 0))).containsExactly("r0");
  }

  @Test
  void clearForgetsAllRecords() {
    appendBatch("s", 0, 1);
    store.clear();
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
  }
}
