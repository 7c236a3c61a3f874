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
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a durable store adds to the contract: everything a call completed survives closing the
 * store and opening it again on the same location. Each durable store's test extends this; the
 * crash harness checks the same after {@code kill -9}.
 */
public abstract class DurableStoreContractTest {

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final String BASIN = "durable-basin";

  /** Opens the store on this test's location (the same one on every call within a test). */
  protected abstract Store open();

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
}
