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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every durable store must keep across a restart, clean or not: exactly what was
 * acknowledged (metadata changes once their call returned, record batches once their future
 * completed), byte for byte, with tails, fencing tokens, trim points and pending deletions. Each
 * durable store's test class extends this one (the memory store keeps nothing and does not).
 */
public abstract class DurableStoreContractTest {

  private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.891234567Z");
  private static final String BASIN = "durable-basin";

  /** A new, empty store on storage of its own; closed after each test. */
  protected abstract Store newStore();

  /** Closes the store cleanly and opens a new one on the same storage. */
  protected abstract Store closeAndReopen(Store store);

  /**
   * Abandons the store as a killed process would (nothing more is written: no flush of queued
   * work, no checkpoint, no clean close) and opens a new one on the same storage.
   */
  protected abstract Store crashAndReopen(Store store);

  protected Store store;

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static StoredRecord record(long seq, long ts, byte[] payload) {
    return new StoredRecord(seq, ts, Long.MAX_VALUE, 8 + payload.length, payload);
  }

  private static byte[] payload(String stream, long seq, int size) {
    byte[] bytes = new byte[size];
    new Random(stream.hashCode() * 31L + seq).nextBytes(bytes);
    return bytes;
  }

  private static ReadBounds all() {
    return new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);
  }

  /** Appends {@code batches} batches of {@code size} records to the stream, without waiting between them. */
  private List<CompletableFuture<Void>> appendBatches(String stream, long firstSeq, int batches, int size, String token) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    long seq = firstSeq;
    for (int b = 0; b < batches; b++) {
      List<StoredRecord> batch = new ArrayList<>();
      for (int i = 0; i < size; i++, seq++) {
        batch.add(record(seq, 1000 + seq, payload(stream, seq, 10 + (int) (seq % 300))));
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
        .containsExactlyElementsOf(java.util.stream.LongStream.range(firstSeq, endSeq).boxed().toList());
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
    store.putBasin(basin);
    store.putBasin(deleting);
    store.putStream(stream);

    store = crashAndReopen(store);

    assertThat(store.basin("my-basin-1")).contains(basin);
    assertThat(store.basins("", "", 10)).containsExactly(basin, deleting);
    assertThat(store.stream("my-basin-1", "caf\u00e9/\ud83d\ude00")).contains(stream);
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(stream);
  }

  @Test
  void removalsAndReplacementsSurviveACrash() {
    store.putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, CREATED, null, null));
    store.putBasin(new BasinMeta("my-basin-2", BasinConfig.DEFAULTS, CREATED, null, null));
    StreamMeta kept = new StreamMeta("my-basin-1", "kept", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null);
    store.putStream(kept);
    store.putStream(new StreamMeta(BASIN, "gone", StreamConfig.SYSTEM_DEFAULTS, null, CREATED, null, null));
    appendBatches("gone", 0, 2, 3, "").forEach(CompletableFuture::join);
    store.removeStream(BASIN, "gone");
    store.removeBasin("my-basin-2");
    StreamMeta replaced = kept.deletedAt(CREATED.plusSeconds(60));
    store.putStream(replaced);

    store = crashAndReopen(store);

    assertThat(store.basins("", "", 10)).extracting(BasinMeta::name).containsExactly("my-basin-1");
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(replaced);
    assertThat(store.streams(BASIN, "", "", 10)).isEmpty();
    assertThat(store.recordsState(BASIN, "gone")).isEqualTo(RecordsState.EMPTY);
    assertThat(store.readRecords(BASIN, "gone", 0, all(), 0)).isEmpty();
  }

  @Test
  void acknowledgedRecordsSurviveACrashDenseAndByteIdentical() {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (String stream : List.of("a", "b", "c")) {
      acks.addAll(appendBatches(stream, 0, 40, 25, "fence-" + stream));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

    store = crashAndReopen(store);

    for (String stream : List.of("a", "b", "c")) {
      assertThat(store.recordsState(BASIN, stream)).isEqualTo(new RecordsState(1000, 1999, "fence-" + stream, 0));
      assertRecords(stream, 0, 1000);
      assertThat(store.meteredBytes(BASIN, stream)).isEqualTo(metered(0, 1000));
    }
  }

  @Test
  void aRecoveredStreamTakesAppendsFromItsTailAndSurvivesAgain() {
    appendBatches("s", 0, 5, 10, "").forEach(CompletableFuture::join);
    store = crashAndReopen(store);
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(50);

    appendBatches("s", 50, 5, 10, "t").forEach(CompletableFuture::join);
    store = crashAndReopen(store);
    store = closeAndReopen(store);

    assertThat(store.recordsState(BASIN, "s")).isEqualTo(new RecordsState(100, 1099, "t", 25));
    assertRecords("s", 0, 100);
    assertThat(store.seqNumAtOrAfter(BASIN, "s", 1050)).isEqualTo(50);
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(100);
  }

  @Test
  void largeRecordsSurviveACrash() {
    byte[] big = payload("big", 0, 1_500_000);
    store.appendRecords(BASIN, "big", List.of(new StoredRecord(0, 7, Long.MAX_VALUE, 1, big)),
        new RecordsState(1, 7, "", 0)).join();

    store = crashAndReopen(store);

    List<StoredRecord> read = store.readRecords(BASIN, "big", 0, all(), 0);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).payload()).isEqualTo(big);
  }

  @Test
  void deletedRecordsStayDeletedAfterACleanRestart() {
    appendBatches("s", 0, 10, 10, "").forEach(CompletableFuture::join);
    store.deleteRecords(BASIN, "s", 42, 0);

    store = closeAndReopen(store);

    assertThat(store.readRecords(BASIN, "s", 0, new ReadBounds(1, Long.MAX_VALUE, -1L), 0))
        .extracting(StoredRecord::seqNum).containsExactly(42L);
    assertThat(store.liveRecordCount(BASIN, "s", 0)).isEqualTo(58);
    assertThat(store.meteredBytes(BASIN, "s")).isEqualTo(metered(42, 100));
    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(100);
  }

  @Test
  void clearSurvivesACrash() {
    store.putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, CREATED, null, null));
    appendBatches("s", 0, 2, 2, "").forEach(CompletableFuture::join);
    store.clear();
    store.putBasin(new BasinMeta("my-basin-3", BasinConfig.DEFAULTS, CREATED, null, null));

    store = crashAndReopen(store);

    assertThat(store.basins("", "", 10)).extracting(BasinMeta::name).containsExactly("my-basin-3");
    assertThat(store.recordsState(BASIN, "s")).isEqualTo(RecordsState.EMPTY);
  }

  @Test
  void aStreamRemovedAndRecreatedStartsEmptyAfterACrash() {
    appendBatches("s", 0, 3, 10, "").forEach(CompletableFuture::join);
    store.removeStream(BASIN, "s");
    store.appendRecords(BASIN, "s", List.of(record(0, 1000, payload("s", 0, 10))),
        new RecordsState(1, 1000, "", 0)).join();

    store = crashAndReopen(store);

    assertThat(store.recordsState(BASIN, "s").nextSeqNum()).isEqualTo(1);
    assertRecords("s", 0, 1);
  }

  @Test
  void manyRestartsKeepEverything() {
    long seq = 0;
    for (int round = 0; round < 4; round++) {
      appendBatches("s", seq, 3, 7, "").forEach(CompletableFuture::join);
      seq += 21;
      store = round % 2 == 0 ? crashAndReopen(store) : closeAndReopen(store);
    }
    assertRecords("s", 0, seq);
    assertThat(new String(store.readRecords(BASIN, "s", 0, new ReadBounds(1, Long.MAX_VALUE, -1L), 0)
        .get(0).payload(), StandardCharsets.ISO_8859_1)).isNotEmpty();
  }
}
