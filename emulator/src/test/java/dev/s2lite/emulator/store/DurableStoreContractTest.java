package dev.s2lite.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.Timestamping;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a durable store adds to the contract: everything a call completed (metadata changes once
 * their call returned, record batches once their future completed) survives closing the store
 * and opening it again on the same location, and survives a crash, byte for byte, with tails,
 * fencing tokens, trim points and pending deletions. Each durable store's test extends this; the
 * crash harness checks the same on the server after {@code kill -9}.
 */
public abstract class DurableStoreContractTest {

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final String BASIN = "durable-basin";

  /** Opens the store on this test's location (the same one on every call within a test). */
  protected abstract Store open();

  /**
   * Abandons the store as a killed process would: nothing more is written (no queued work, no
   * checkpoint, no compaction, no clean close), and its resources are released.
   */
  protected abstract void crash(Store store);

  private Store store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private Store reopen() {
    if (store != null) {
      store.close();
    }
    store = open();
    return store;
  }

  private Store crashAndReopen() {
    crash(store);
    store = null;
    store = open();
    return store;
  }

  private static StoredRecord rec(long seq, long ts, byte[] payload) {
    return new StoredRecord(seq, ts, Long.MAX_VALUE, 8 + payload.length, payload);
  }

  private static byte[] payload(long seq, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (seq * 31 + i);
    }
    return bytes;
  }

  /** Random bytes, the same for the same stream and seq_num. */
  private static byte[] payload(String stream, long seq, int size) {
    byte[] bytes = new byte[size];
    new Random(stream.hashCode() * 31L + seq).nextBytes(bytes);
    return bytes;
  }

  private static ReadBounds all() {
    return new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);
  }

  @Test
  void basinsAndStreamsWithEveryFieldSurviveReopening() {
    BasinMeta basin = new BasinMeta(BASIN,
        new BasinConfig(new StreamConfig(StorageClass.STANDARD, new RetentionPolicy.Age(60),
            new Timestamping(TimestampingMode.ARRIVAL, null), 0L), StreamCipher.AEGIS_256, true, false),
        CREATED, CREATED.plusNanos(1), new IdempotencyKey<>("token-1", BasinConfig.DEFAULTS));
    BasinMeta plain = new BasinMeta("plain-basin", BasinConfig.DEFAULTS, CREATED, null, null);
    StreamMeta stream = new StreamMeta(BASIN, "caf\u00e9/\ud83d\ude00",
        new StreamConfig(StorageClass.EXPRESS, new RetentionPolicy.Infinite(),
            new Timestamping(TimestampingMode.CLIENT_REQUIRE, true), 300L),
        StreamCipher.AES_256_GCM, CREATED, CREATED.plusSeconds(3),
        new IdempotencyKey<>("token-2", new StreamConfig(null, null, new Timestamping(null, false), null)));
    StreamMeta other = new StreamMeta(BASIN, "other", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null);
    reopen().putBasin(basin);
    store.putBasin(plain);
    store.putStream(stream);
    store.putStream(other);

    reopen();

    assertThat(store.basin(BASIN)).contains(basin);
    assertThat(store.basins("", "", 10)).containsExactly(basin, plain);
    assertThat(store.stream(BASIN, stream.name())).contains(stream);
    assertThat(store.streams(BASIN, "", "", 10)).containsExactly(stream, other);
  }

  @Test
  void removalsAndReplacementsSurviveReopening() {
    reopen().putBasin(new BasinMeta(BASIN, BasinConfig.DEFAULTS, CREATED, null, null));
    store.putBasin(new BasinMeta("gone-basin", BasinConfig.DEFAULTS, CREATED, null, null));
    store.putStream(new StreamMeta(BASIN, "kept", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null));
    store.putStream(new StreamMeta(BASIN, "gone", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null));
    store.appendRecords(BASIN, "gone", List.of(rec(0, 1, payload(0, 10))), new RecordsState(1, 1, "", 0)).join();
    store.removeBasin("gone-basin");
    store.removeStream(BASIN, "gone");
    BasinMeta deleting = new BasinMeta(BASIN, BasinConfig.DEFAULTS, CREATED, CREATED.plusSeconds(9), null);
    store.putBasin(deleting);

    reopen();

    assertThat(store.basins("", "", 10)).containsExactly(deleting);
    assertThat(store.streams(BASIN, "", "", 10)).extracting(StreamMeta::name).containsExactly("kept");
    assertThat(store.recordsState(BASIN, "gone")).isEqualTo(RecordsState.EMPTY);
    assertThat(store.readRecords(BASIN, "gone", 0, all(), 0)).isEmpty();
  }

  @Test
  void acknowledgedRecordsAndStatesSurviveReopeningByteForByte() {
    reopen();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      for (String stream : List.of("a", "b")) {
        List<StoredRecord> records = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          long seq = batch * 25L + i;
          records.add(rec(seq, seq / 10, payload(seq, 1 + (int) (seq % 3000))));
        }
        long next = batch * 25L + 25;
        acks.add(store.appendRecords(BASIN, stream, records,
            new RecordsState(next, (next - 1) / 10, "fence-" + batch, batch)));
      }
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

    reopen();

    for (String stream : List.of("a", "b")) {
      assertThat(store.recordsState(BASIN, stream)).isEqualTo(new RecordsState(1000, 99, "fence-39", 39));
      List<StoredRecord> records = store.readRecords(BASIN, stream, 0, all(), 0);
      assertThat(records).extracting(StoredRecord::seqNum)
          .containsExactlyElementsOf(LongStream.range(0, 1000).boxed().toList());
      for (StoredRecord r : records) {
        assertThat(r.payload()).as("payload of %d", r.seqNum()).isEqualTo(payload(r.seqNum(), 1 + (int) (r.seqNum() % 3000)));
        assertThat(r.timestamp()).isEqualTo(r.seqNum() / 10);
        assertThat(r.meteredBytes()).isEqualTo(8 + r.payload().length);
      }
      assertThat(store.seqNumAtOrAfter(BASIN, stream, 50)).isEqualTo(500);
    }
  }

  @Test
  void appendingContinuesFromTheRecoveredTail() {
    reopen().appendRecords(BASIN, "s", List.of(rec(0, 5, "x".getBytes(StandardCharsets.UTF_8))),
        new RecordsState(1, 5, "", 0)).join();

    reopen().appendRecords(BASIN, "s", List.of(rec(1, 6, "y".getBytes(StandardCharsets.UTF_8))),
        new RecordsState(2, 6, "", 0)).join();
    reopen();

    assertThat(store.readRecords(BASIN, "s", 0, all(), 0)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
        .containsExactly("x", "y");
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(new RecordsState(2, 6, "", 0));
  }

  @Test
  void deletedRecordsStayDeletedAndTheTailStays() {
    reopen();
    List<StoredRecord> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(rec(i, i, payload(i, 100)));
    }
    store.appendRecords(BASIN, "s", batch, new RecordsState(100, 99, "", 60)).join();
    store.deleteRecords(BASIN, "s", 60, 0);

    reopen();

    assertThat(store.readRecords(BASIN, "s", 0, all(), 0)).extracting(StoredRecord::seqNum)
        .containsExactlyElementsOf(LongStream.range(60, 100).boxed().toList());
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(40);
    assertThat(store.meteredBytes(BASIN, "s")).isEqualTo(40 * 108L);
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(100);
  }

  @Test
  void clearingSurvivesReopening() {
    reopen().putBasin(new BasinMeta(BASIN, BasinConfig.DEFAULTS, CREATED, null, null));
    store.appendRecords(BASIN, "s", List.of(rec(0, 1, payload(0, 10))), new RecordsState(1, 1, "", 0)).join();
    store.clear();

    reopen();

    assertThat(store.basins("", "", 10)).isEmpty();
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
  }

  // --- crashes: the store is abandoned as a killed process leaves it ---

  /** Appends {@code batches} batches of {@code size} records to the stream, without waiting between them. */
  private List<CompletableFuture<Void>> appendBatches(String stream, long firstSeq, int batches, int size, String token) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    long seq = firstSeq;
    for (int b = 0; b < batches; b++) {
      List<StoredRecord> batch = new ArrayList<>();
      for (int i = 0; i < size; i++, seq++) {
        batch.add(rec(seq, 1000 + seq, payload(stream, seq, 10 + (int) (seq % 300))));
      }
      acks.add(store.appendRecords(BASIN, stream, batch, new RecordsState(seq, 1000 + seq - 1, token, firstSeq / 2)));
    }
    return acks;
  }

  /** The metered size of the records {@link #appendBatches} writes at [from, to). */
  private static long metered(long from, long to) {
    long sum = 0;
    for (long seq = from; seq < to; seq++) {
      sum += 8 + 10 + seq % 300;
    }
    return sum;
  }

  private void assertRecords(String stream, long firstSeq, long endSeq) {
    List<StoredRecord> records = store.readRecords(BASIN, stream, 0, all(), 0);
    assertThat(records).extracting(StoredRecord::seqNum)
        .containsExactlyElementsOf(LongStream.range(firstSeq, endSeq).boxed().toList());
    for (StoredRecord r : records) {
      assertThat(r.timestamp()).isEqualTo(1000 + r.seqNum());
      assertThat(r.payload()).as("payload of %s/%d", stream, r.seqNum())
          .isEqualTo(payload(stream, r.seqNum(), 10 + (int) (r.seqNum() % 300)));
      assertThat(r.meteredBytes()).isEqualTo(8 + r.payload().length);
    }
  }

  @Test
  void metadataSurvivesACrashExactlyAsGiven() {
    BasinMeta basin = new BasinMeta("my-basin-1",
        new BasinConfig(new StreamConfig(StorageClass.STANDARD, new RetentionPolicy.Age(3600),
            new Timestamping(TimestampingMode.ARRIVAL, null), 0L), StreamCipher.AEGIS_256, true, false),
        CREATED, null, new IdempotencyKey<>("token-1", BasinConfig.DEFAULTS));
    StreamMeta stream = new StreamMeta("my-basin-1", "caf\u00e9/\ud83d\ude00",
        new StreamConfig(StorageClass.EXPRESS, new RetentionPolicy.Infinite(),
            new Timestamping(TimestampingMode.CLIENT_REQUIRE, true), 300L),
        StreamCipher.AES_256_GCM, CREATED, CREATED.plusSeconds(1),
        new IdempotencyKey<>("token-2", new StreamConfig(null, new RetentionPolicy.Age(60), null, null)));
    BasinMeta deleting = new BasinMeta("my-basin-2", BasinConfig.DEFAULTS, CREATED, CREATED.plusNanos(7), null);
    reopen().putBasin(basin);
    store.putBasin(deleting);
    store.putStream(stream);

    crashAndReopen();

    assertThat(store.basin("my-basin-1")).contains(basin);
    assertThat(store.basins("", "", 10)).containsExactly(basin, deleting);
    assertThat(store.stream("my-basin-1", "caf\u00e9/\ud83d\ude00")).contains(stream);
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(stream);
  }

  @Test
  void removalsAndReplacementsSurviveACrash() {
    reopen().putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, CREATED, null, null));
    store.putBasin(new BasinMeta("my-basin-2", BasinConfig.DEFAULTS, CREATED, null, null));
    StreamMeta kept = new StreamMeta("my-basin-1", "kept", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null);
    store.putStream(kept);
    store.putStream(new StreamMeta(BASIN, "gone", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null));
    appendBatches("gone", 0, 2, 3, "").forEach(CompletableFuture::join);
    store.removeStream(BASIN, "gone");
    store.removeBasin("my-basin-2");
    StreamMeta replaced = kept.deletedAt(CREATED.plusSeconds(60));
    store.putStream(replaced);

    crashAndReopen();

    assertThat(store.basins("", "", 10)).extracting(BasinMeta::name).containsExactly("my-basin-1");
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(replaced);
    assertThat(store.streams(BASIN, "", "", 10)).isEmpty();
    assertThat(store.recordsState(BASIN, "gone")).isEqualTo(RecordsState.EMPTY);
    assertThat(store.readRecords(BASIN, "gone", 0, all(), 0)).isEmpty();
  }

  @Test
  void acknowledgedRecordsSurviveACrashDenseAndByteIdentical() {
    reopen();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (String stream : List.of("a", "b", "c")) {
      acks.addAll(appendBatches(stream, 0, 40, 25, "fence-" + stream));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

    crashAndReopen();

    for (String stream : List.of("a", "b", "c")) {
      assertThat(store.recordsState(BASIN, stream)).isEqualTo(new RecordsState(1000, 1999, "fence-" + stream, 0));
      assertRecords(stream, 0, 1000);
      assertThat(store.meteredBytes(BASIN, stream)).isEqualTo(metered(0, 1000));
    }
  }

  @Test
  void aRecoveredStreamTakesAppendsFromItsTailAndSurvivesAgain() {
    reopen();
    appendBatches("s", 0, 5, 10, "").forEach(CompletableFuture::join);
    crashAndReopen();
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(50);

    appendBatches("s", 50, 5, 10, "t").forEach(CompletableFuture::join);
    crashAndReopen();
    reopen();

    assertThat(store.recordsState(BASIN, "s")).isEqualTo(new RecordsState(100, 1099, "t", 25));
    assertRecords("s", 0, 100);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 1050)).isEqualTo(50);
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(100);
  }

  @Test
  void largeRecordsSurviveACrash() {
    byte[] big = payload("big", 0, 1_500_000);
    reopen().appendRecords(BASIN, "big", List.of(new StoredRecord(0, 7, Long.MAX_VALUE, 1, big)),
        new RecordsState(1, 7, "", 0)).join();

    crashAndReopen();

    List<StoredRecord> read = store.readRecords(BASIN, "big", 0, all(), 0);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).payload()).isEqualTo(big);
  }

  @Test
  void clearSurvivesACrash() {
    reopen().putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, CREATED, null, null));
    appendBatches("s", 0, 2, 2, "").forEach(CompletableFuture::join);
    store.clear();
    store.putBasin(new BasinMeta("my-basin-3", BasinConfig.DEFAULTS, CREATED, null, null));

    crashAndReopen();

    assertThat(store.basins("", "", 10)).extracting(BasinMeta::name).containsExactly("my-basin-3");
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
  }

  @Test
  void aStreamRemovedAndRecreatedStartsEmptyAfterACrash() {
    reopen();
    appendBatches("s", 0, 3, 10, "").forEach(CompletableFuture::join);
    store.removeStream(BASIN, "s");
    store.appendRecords(BASIN, "s", List.of(rec(0, 1000, payload("s", 0, 10))),
        new RecordsState(1, 1000, "", 0)).join();

    crashAndReopen();

    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(1);
    assertRecords("s", 0, 1);
  }

  @Test
  void manyCleanAndCrashRestartsKeepEverything() {
    reopen();
    long seq = 0;
    for (int round = 0; round < 4; round++) {
      appendBatches("s", seq, 3, 7, "").forEach(CompletableFuture::join);
      seq += 21;
      if (round % 2 == 0) {
        crashAndReopen();
      } else {
        reopen();
      }
    }
    assertRecords("s", 0, seq);
  }
}
