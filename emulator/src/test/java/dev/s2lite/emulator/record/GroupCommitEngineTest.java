package dev.s2lite.emulator.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.testing.CommitOnDemandStore;
import dev.s2lite.emulator.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine over a store that commits only when told, as a durable store's group commit does:
 * what is acknowledged, published and handed to followers, and when.
 */
class GroupCommitEngineTest {

  final TestClock clock = new TestClock(Instant.ofEpochMilli(1_000_000));
  final CommitOnDemandStore store = new CommitOnDemandStore();
  final AtomicInteger trims = new AtomicInteger();
  final StreamConfig config = StreamConfig.UNSET.resolve(null);
  final StreamMeta meta = new StreamMeta("b", "s", config, null, clock.instant(), null, null);
  final Engines engines = new Engines(store, clock, trims::incrementAndGet);

  static final ReadBounds ALL = new ReadBounds(1000, Long.MAX_VALUE, -1L);

  static PreparedRecord text(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new PreparedRecord(null, 8 + bytes.length, Envelope.plain(List.of(), bytes), null, false);
  }

  static PreparedRecord trim(long point) {
    return new PreparedRecord(null, 22, Envelope.plain(Command.trimHeaders(), new byte[8]),
        new Command.Trim(point), false);
  }

  static List<String> bodies(List<StoredRecord> records) {
    List<String> out = new ArrayList<>();
    for (StoredRecord r : records) {
      out.add(new String(StreamEngine.decode(r, null).body(), StandardCharsets.UTF_8));
    }
    return out;
  }

  static S2Error failure(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      return (S2Error) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void appendsAreSequencedAtOnceButAckedPublishedAndReadableOnlyOnceDurable() {
    StreamEngine engine = engines.engine(meta);
    CompletableFuture<Void> woken = engine.tailAdvanced(0);
    CompletableFuture<AppendAck> first = engine.append(List.of(text("a"), text("b")), null, null, config);
    CompletableFuture<AppendAck> second = engine.append(List.of(text("c")), 2L, null, config);

    assertThat(store.pending()).as("both handed to the store without waiting").isEqualTo(2);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(woken).isNotDone();
    assertThat(engine.tail().seqNum()).isZero();
    assertThat(engine.read(0, ALL)).isEmpty();

    store.commit();

    assertThat(first.join().end().seqNum()).isEqualTo(2);
    assertThat(second.join().start().seqNum()).isEqualTo(2);
    assertThat(woken).isDone();
    assertThat(engine.tail().seqNum()).isEqualTo(3);
    assertThat(bodies(engine.read(0, ALL))).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedCommitFailsEveryBatchInFlightAndTheNextEngineStartsFromWhatIsDurable() {
    StreamEngine engine = engines.engine(meta);
    engine.append(List.of(text("kept")), null, null, config);
    store.commit();
    CompletableFuture<AppendAck> lost = engine.append(List.of(text("lost")), null, null, config);
    CompletableFuture<AppendAck> alsoLost = engine.append(List.of(text("also lost")), null, null, config);

    store.failAll(new IllegalStateException("disk on fire"));

    assertThat(failure(lost).code()).isEqualTo("storage");
    assertThat(failure(lost).getMessage()).contains("disk on fire");
    assertThat(failure(alsoLost).code()).isEqualTo("storage");
    assertThat(failure(engine.append(List.of(text("refused")), null, null, config)).code()).isEqualTo("storage");
    StreamEngine next = engines.engine(meta);
    assertThat(next).isNotSameAs(engine);
    assertThat(next.tail().seqNum()).isEqualTo(1);
    CompletableFuture<AppendAck> retried = next.append(List.of(text("retried")), 1L, null, config);
    store.commit();
    assertThat(retried.join().start().seqNum()).isEqualTo(1);
    assertThat(bodies(next.read(0, ALL))).containsExactly("kept", "retried");
  }

  @Test
  void aLiveReaderIsHandedRecordsThatTheirOwnAppendTrimmedFromTheStore() {
    StreamEngine engine = engines.engine(meta);
    try (StreamEngine.LiveReader reader = engine.liveReader()) {
      engine.append(List.of(text("d1"), text("d2"), trim(-1L), text("after")), null, null, config);
      store.commit();
      store.deleteRecords("b", "s", engine.trimPoint(), clock.millis());
      assertThat(trims.get()).isEqualTo(1);

      List<StoredRecord> handed = engine.read(0, ALL);
      assertThat(handed).extracting(StoredRecord::seqNum).containsExactly(0L, 1L, 2L, 3L);
      assertThat(bodies(handed.subList(0, 2))).containsExactly("d1", "d2");
    }
    assertThat(engine.read(0, ALL)).as("once no one follows, only the store answers")
        .extracting(StoredRecord::seqNum).containsExactly(3L);
  }

  @Test
  void recordsBelowTheRecentOnesComeFromTheStoreAndBoundsStillApply() {
    StreamEngine engine = engines.engine(meta);
    engine.append(List.of(text("old0"), text("old1")), null, null, config);
    store.commit();
    try (StreamEngine.LiveReader reader = engine.liveReader()) {
      engine.append(List.of(text("new2"), text("new3")), null, null, config);
      store.commit();
      assertThat(bodies(engine.read(0, ALL))).containsExactly("old0", "old1");
      assertThat(bodies(engine.read(1, ALL))).containsExactly("old1");
      assertThat(bodies(engine.read(2, ALL))).containsExactly("new2", "new3");
      assertThat(engine.read(0, new ReadBounds(1000, 5, -1L))).as("a byte bound below the first record").isEmpty();
      store.deleteRecords("b", "s", 2, clock.millis());
      assertThat(bodies(engine.read(0, ALL))).as("deleted below the recent ones").containsExactly("new2", "new3");
    }
  }

  @Test
  void anAppendAfterTheTerminalTrimIsRefusedOnceTheTrimIsDurable() {
    StreamEngine engine = engines.engine(meta);
    CompletableFuture<Void> deletion = engine.terminalTrim();
    CompletableFuture<AppendAck> late = engine.append(List.of(text("late")), null, null, config);

    assertThat(engine.terminalTrim()).isSameAs(deletion);
    assertThat(late).isNotDone();
    assertThat(engine.hasEnded()).isFalse();

    store.commit();

    assertThat(deletion).isDone();
    assertThat(failure(late).code()).isEqualTo("stream_deletion_pending");
    assertThat(engine.hasEnded()).isTrue();
    assertThat(engine.tail().seqNum()).isEqualTo(1);
  }
}
