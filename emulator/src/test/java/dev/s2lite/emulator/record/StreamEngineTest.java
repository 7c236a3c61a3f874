package dev.s2lite.emulator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.testing.TestClock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine alone, on a memory store: what HTTP cannot reach cheaply. */
class StreamEngineTest {

  final TestClock clock = new TestClock(Instant.ofEpochMilli(1_000_000));
  final MemoryStore store = new MemoryStore();
  final AtomicInteger trims = new AtomicInteger();
  final StreamConfig config = StreamConfig.UNSET.resolve(null);

  StreamEngine engine(StreamCipher cipher) {
    StreamMeta meta = new StreamMeta("engine-basin", "s", config, cipher, clock.instant(), null, null);
    return new StreamEngine(store, clock, meta, trims::incrementAndGet,
        new RecentRecords(new AtomicLong(), Engines.RECENT_RECORDS_BUDGET));
  }

  static PreparedRecord envelope(boolean encrypted) {
    return new PreparedRecord(null, 8, Envelope.plain(List.of(), new byte[0]), null, encrypted);
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
  void aesGcmStreamsRefuseEncryptedRecordsPastTheSeqNumCapButNotCommands() {
    long cap = RecordCipher.AES_GCM_MAX_SEQ_NUM;
    store.appendRecords("engine-basin", "s", List.of(), new RecordsState(cap, 5, "", 0)).join();
    StreamEngine engine = engine(StreamCipher.AES_256_GCM);
    assertThat(engine.append(List.of(envelope(true)), null, null, config).join().start().seqNum()).isEqualTo(cap);
    S2Error refused = failure(engine.append(List.of(envelope(true)), null, null, config));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.getMessage()).isEqualTo("max assignable sequence number is 4294967295; attempted 4294967296");
    PreparedRecord fence = new PreparedRecord(null, 15, Envelope.plain(List.of(), new byte[0]),
        new Command.Fence(""), false);
    assertThat(engine.append(List.of(fence), null, null, config).join().end().seqNum()).isEqualTo(cap + 2);
  }

  @Test
  void aegisStreamsHaveNoSeqNumCap() {
    store.appendRecords("engine-basin", "s", List.of(), new RecordsState(1L << 40, 5, "", 0)).join();
    StreamEngine engine = engine(StreamCipher.AEGIS_256);
    assertThat(engine.append(List.of(envelope(true)), null, null, config).join().end().seqNum())
        .isEqualTo((1L << 40) + 1);
  }

  @Test
  void followersAreWokenByTheNextDurableBatchNotBefore() {
    StreamEngine engine = engine(null);
    CompletableFuture<Void> signal = engine.tailAdvanced(0);
    assertThat(signal).isNotDone();
    engine.append(List.of(envelope(false)), null, null, config).join();
    assertThat(signal).isDone();
    assertThat(engine.tailAdvanced(0)).isDone();
    assertThat(engine.tailAdvanced(1)).isNotDone();
  }

  @Test
  void oneFollowerGivingUpDoesNotWakeTheOthers() {
    StreamEngine engine = engine(null);
    CompletableFuture<Void> impatient = engine.tailAdvanced(0);
    CompletableFuture<Void> patient = engine.tailAdvanced(0);
    impatient.complete(null);
    assertThat(patient).isNotDone();
    assertThat(engine.tailAdvanced(0)).isNotDone();
    engine.append(List.of(envelope(false)), null, null, config).join();
    assertThat(patient).isDone();
  }

  @Test
  void aTerminalTrimFailsLaterAppendsAndIsReadAsATrimCommand() {
    StreamEngine engine = engine(null);
    engine.append(List.of(envelope(false), envelope(false)), null, null, config).join();
    engine.terminalTrim();
    engine.terminalTrim();
    assertThat(failure(engine.append(List.of(envelope(false)), null, null, config)).code())
        .isEqualTo("stream_deletion_pending");
    assertThat(engine.tail().seqNum()).isEqualTo(3);
    SequencedRecord trim = StreamEngine.decode(
        engine.read(2, new ReadBounds(10, Long.MAX_VALUE, -1L)).get(0), null);
    assertThat(new String(trim.headers().get(0).value())).isEqualTo("trim");
    assertThat(trim.headers().get(0).name()).isEmpty();
    assertThat(Base64.getEncoder().encodeToString(trim.body())).isEqualTo("//////////8=");
    assertThat(engine.trimPoint()).isEqualTo(3);
  }

  @Test
  void aTrimMovesTheTrimPointForwardOnlyAndCapsItAtItself() {
    StreamEngine engine = engine(null);
    engine.append(List.of(envelope(false), envelope(false), envelope(false)), null, null, config).join();
    engine.append(List.of(trim(100)), null, null, config).join();
    assertThat(engine.trimPoint()).isEqualTo(4);
    engine.append(List.of(trim(1)), null, null, config).join();
    assertThat(engine.trimPoint()).isEqualTo(4);
    assertThat(trims.get()).isEqualTo(1);
  }

  static PreparedRecord trim(long point) {
    return new PreparedRecord(null, 22, Envelope.plain(Command.trimHeaders(), new byte[8]),
        new Command.Trim(point), false);
  }

  @Test
  void aFailedConditionConsumesNoSeqNum() {
    StreamEngine engine = engine(null);
    assertThat(failure(engine.append(List.of(envelope(false)), 3L, null, config)).status()).isEqualTo(412);
    assertThat(failure(engine.append(List.of(envelope(false)), null, "x", config)).status()).isEqualTo(412);
    assertThat(engine.append(List.of(envelope(false)), 0L, "", config).join().start().seqNum()).isZero();
    assertThatThrownBy(() -> engine.append(List.of(envelope(false)), 0L, null, config).join())
        .hasCauseInstanceOf(S2Error.class);
    assertThat(engine.tail().seqNum()).isEqualTo(1);
  }
}
