package dev.s2lite.emulator.record;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.StreamService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The unary data plane: append, read and check tail, on top of the streams' engines. It
 * validates input, resolves (or auto-creates) the stream, applies encryption and turns the
 * engine's answers into what lite answers.
 */
public final class RecordService {

  public static final int MAX_BATCH_RECORDS = 1000;
  public static final long MAX_BATCH_BYTES = 1024 * 1024;
  /** The caps of one unary read. */
  public static final int READ_MAX_RECORDS = 1000;
  public static final long READ_MAX_BYTES = 1024 * 1024;
  public static final long MAX_WAIT_SECONDS = 60;

  private final Store store;
  private final BasinService basins;
  private final StreamService streams;
  private final Engines engines;
  private final AppendListener listener;
  /** Long polls waiting for new records, so a stopping server can answer them at once. */
  private final Set<CompletableFuture<Void>> waits = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public RecordService(Store store, BasinService basins, StreamService streams, Engines engines) {
    this(store, basins, streams, engines, AppendListener.NONE);
  }

  /** @param listener told of each batch's admission, permit and ack (for /metrics) */
  public RecordService(Store store, BasinService basins, StreamService streams, Engines engines,
      AppendListener listener) {
    this.store = store;
    this.basins = basins;
    this.streams = streams;
    this.engines = engines;
    this.listener = listener;
  }

  /** An append batch that passed {@link #validate}: its command records and metered size. */
  public record ValidatedInput(AppendInput input, List<Command> commands, long meteredBytes) {}

  /** Batch limits and command records, checked before anything else ({@code 422 invalid}). */
  public static ValidatedInput validate(AppendInput input) {
    List<AppendRecord> records = input.records();
    if (records.isEmpty()) {
      throw S2Error.invalid("record batch must not be empty");
    }
    if (records.size() > MAX_BATCH_RECORDS) {
      throw S2Error.invalid("record batch must not exceed 1000 records");
    }
    long total = 0;
    List<Command> commands = new ArrayList<>(records.size());
    for (AppendRecord r : records) {
      long metered = r.meteredBytes();
      if (metered > MAX_BATCH_BYTES) {
        throw S2Error.invalid("record must have metered size less than 1 MiB");
      }
      total += metered;
      commands.add(Command.parse(r.headers(), r.body()));
    }
    if (total > MAX_BATCH_BYTES) {
      throw S2Error.invalid("record batch must not exceed a metered size of 1 MiB");
    }
    if (input.fencingToken() != null
        && input.fencingToken().getBytes(StandardCharsets.UTF_8).length > 36) {
      throw S2Error.invalid("fencing token must not exceed 36 bytes in length");
    }
    return new ValidatedInput(input, commands, total);
  }

  /** A stream opened for a data-plane operation: its engine, config, and the caller's cipher (or null). */
  public record Opened(StreamEngine engine, StreamMeta meta, RecordCipher cipher) {}

  /**
   * Resolves (or auto-creates, per {@code create_stream_on_append}) a stream for appending and
   * checks the encryption key. For append sessions: open once, then {@link #prepare} and
   * {@link StreamEngine#append} each input.
   *
   * @param keyHeader the checked {@code s2-encryption-key} ({@link RecordCipher#keyHeader}) or null
   */
  public Opened openForAppend(String basin, String stream, String keyHeader) {
    return openForAppend(basin, stream, keyHeader, StreamConfig.UNSET);
  }

  /**
   * {@link #openForAppend(String, String, String)}, auto-creating the stream with {@code
   * createConfig} (the {@code s2-stream-config} header) over the basin's defaults.
   */
  public Opened openForAppend(String basin, String stream, String keyHeader, StreamConfig createConfig) {
    StreamMeta meta = resolve(basin, stream, Access.APPEND, createConfig);
    RecordCipher cipher = RecordCipher.forStream(meta.cipher(), keyHeader, basin, stream);
    return new Opened(engines.engine(meta), meta, cipher);
  }

  /**
   * Resolves (or auto-creates, per {@code create_stream_on_read}) a stream for reading and checks
   * the encryption key; a stream being deleted is {@code 409 stream_deletion_pending}.
   */
  public Opened openForRead(String basin, String stream, String keyHeader) {
    return openForRead(basin, stream, keyHeader, StreamConfig.UNSET);
  }

  /**
   * {@link #openForRead(String, String, String)}, auto-creating the stream with {@code
   * createConfig} (the {@code s2-stream-config} header) over the basin's defaults.
   */
  public Opened openForRead(String basin, String stream, String keyHeader, StreamConfig createConfig) {
    StreamMeta meta = resolve(basin, stream, Access.READ, createConfig);
    RecordCipher cipher = RecordCipher.forStream(meta.cipher(), keyHeader, basin, stream);
    return new Opened(live(meta), meta, cipher);
  }

  /** Validated records in stored form: envelope records encrypted with {@code cipher} if any. */
  public static List<PreparedRecord> prepare(ValidatedInput validated, RecordCipher cipher) {
    AppendInput input = validated.input();
    List<Command> commands = validated.commands();
    List<PreparedRecord> prepared = new ArrayList<>(input.records().size());
    for (int i = 0; i < input.records().size(); i++) {
      AppendRecord r = input.records().get(i);
      Command command = commands.get(i);
      boolean encrypt = cipher != null && command == null;
      byte[] payload = encrypt ? cipher.encrypt(r.headers(), r.body()) : Envelope.plain(r.headers(), r.body());
      prepared.add(new PreparedRecord(r.timestamp(), (int) r.meteredBytes(), payload, command, encrypt));
    }
    return prepared;
  }

  /**
   * Appends a batch: validates it, resolves or auto-creates the stream, encrypts envelope records
   * with the stream's cipher and hands the batch to the stream's engine.
   *
   * @param keyHeader the checked {@code s2-encryption-key} ({@link RecordCipher#keyHeader}) or null
   * @param createConfig the config to create the stream with if this append auto-creates it
   */
  public CompletableFuture<AppendAck> append(
      String basin, String stream, AppendInput input, String keyHeader, StreamConfig createConfig) {
    return append(basin, stream, validate(input), keyHeader, createConfig);
  }

  /** {@link #append(String, String, AppendInput, String, StreamConfig)} of a batch already validated. */
  public CompletableFuture<AppendAck> append(String basin, String stream, ValidatedInput validated,
      String keyHeader, StreamConfig createConfig) {
    return append(basin, stream, validated, keyHeader, createConfig, 0);
  }

  /**
   * {@link #append(String, String, ValidatedInput, String, StreamConfig)} of a batch that waited
   * {@code permitWaitNanos} for the in-flight budget.
   */
  public CompletableFuture<AppendAck> append(String basin, String stream, ValidatedInput validated,
      String keyHeader, StreamConfig createConfig, long permitWaitNanos) {
    return append(openForAppend(basin, stream, keyHeader, createConfig), validated, permitWaitNanos);
  }

  /**
   * Appends a validated batch to a stream opened with {@link #openForAppend}, after it waited
   * {@code permitWaitNanos} for the in-flight budget.
   */
  public CompletableFuture<AppendAck> append(Opened opened, ValidatedInput validated, long permitWaitNanos) {
    AppendInput input = validated.input();
    listener.admitted(input.records().size(), validated.meteredBytes());
    listener.permitted(permitWaitNanos);
    long handedOff = System.nanoTime();
    CompletableFuture<AppendAck> ack = opened.engine().append(prepare(validated, opened.cipher()),
        input.matchSeqNum(), input.fencingToken(), opened.meta().config());
    return ack.whenComplete((done, failure) -> {
      if (failure == null) {
        listener.acked(System.nanoTime() - handedOff);
      }
    });
  }

  /** The durable tail; auto-creates with {@code create_stream_on_read}. No key needed. */
  public StreamPosition checkTail(String basin, String stream) {
    return live(resolve(basin, stream, Access.READ, StreamConfig.UNSET)).tail();
  }

  /**
   * Where a read starts (REFERENCE 12.2), or {@code 416} with the tail: beyond the tail without
   * clamp, or at the tail (by seq_num, or by a timestamp that resolves to it) when the read may
   * not follow.
   *
   * @param tail the engine's tail as the read saw it when it began
   * @param mayFollow whether the read waits for new records at the tail (12.4)
   */
  public static long startSeqNum(
      StreamEngine engine, StreamPosition tail, ReadRequest request, boolean mayFollow) {
    long requested;
    if (request.timestamp() != null) {
      if (Long.compareUnsigned(request.timestamp(), tail.timestamp()) <= 0) {
        requested = engine.seqNumAtOrAfter(request.timestamp());
      } else if (request.clamp()) {
        requested = tail.seqNum();
      } else {
        throw S2Error.rangeNotSatisfiable(tail.seqNum(), tail.timestamp());
      }
    } else {
      requested = request.seqNum() != null ? request.seqNum()
          : saturatingSub(tail.seqNum(), request.tailOffset() == null ? 0 : request.tailOffset());
      if (Long.compareUnsigned(requested, tail.seqNum()) > 0) {
        if (!request.clamp()) {
          throw S2Error.rangeNotSatisfiable(tail.seqNum(), tail.timestamp());
        }
        requested = tail.seqNum();
      }
    }
    // lite 0.43: a timestamp start is resolved to a seq_num first, so it meets this rule too.
    if (requested == tail.seqNum() && !mayFollow) {
      throw S2Error.rangeNotSatisfiable(tail.seqNum(), tail.timestamp());
    }
    return requested;
  }

  /**
   * A unary read as lite does it: catch-up records between the start and the tail right away;
   * at the tail with {@code wait > 0}, a long poll that ends as soon as new records are durable.
   * Fails with {@code 416} (the tail) as REFERENCE 12.2 says.
   *
   * @param createConfig the config to create the stream with if this read auto-creates it
   */
  public CompletableFuture<ReadBatch> read(
      String basin, String stream, ReadRequest request, String keyHeader, StreamConfig createConfig) {
    Opened opened = openForRead(basin, stream, keyHeader, createConfig);
    if (request.limitsToNothing()) {
      return CompletableFuture.completedFuture(new ReadBatch(List.of(), null));
    }
    StreamEngine engine = opened.engine();
    long wait = request.waitSeconds() == null ? 0 : Math.min(request.waitSeconds(), MAX_WAIT_SECONDS);
    if (wait == 0) {
      return CompletableFuture.completedFuture(catchUp(engine, opened.cipher(), request, false));
    }
    // A long poll is owed what is appended from now on, even if a trim in the same append takes
    // it out of the store: registered before the tail is read.
    StreamEngine.LiveReader live = engine.liveReader();
    try {
      return longPoll(engine, opened.cipher(), request, wait).whenComplete((batch, failure) -> live.close());
    } catch (RuntimeException e) {
      live.close();
      throw e;
    }
  }

  /** What a read finds between its start and the tail; empty at the tail (then it may follow). */
  private static ReadBatch catchUp(StreamEngine engine, RecordCipher cipher, ReadRequest request, boolean mayFollow) {
    StreamPosition tail = engine.tail();
    long start = startSeqNum(engine, tail, request, mayFollow);
    ReadBounds bounds = bounds(request);
    List<StoredRecord> records = Long.compareUnsigned(start, tail.seqNum()) < 0
        ? upTo(engine.read(start, bounds), tail.seqNum()) : List.of();
    return new ReadBatch(decode(records, cipher), null);
  }

  private static ReadBounds bounds(ReadRequest request) {
    return new ReadBounds(
        (int) Math.min(unsignedOr(request.count(), READ_MAX_RECORDS), READ_MAX_RECORDS),
        Math.min(unsignedOr(request.bytes(), READ_MAX_BYTES), READ_MAX_BYTES),
        request.until() == null ? -1L : request.until());
  }

  /** Catch-up if there is any; at the tail, waits until new records are durable or the time is up. */
  private CompletableFuture<ReadBatch> longPoll(
      StreamEngine engine, RecordCipher cipher, ReadRequest request, long wait) {
    StreamPosition tail = engine.tail();
    long start = startSeqNum(engine, tail, request, true);
    ReadBounds bounds = bounds(request);
    List<StoredRecord> catchUp = Long.compareUnsigned(start, tail.seqNum()) < 0
        ? upTo(engine.read(start, bounds), tail.seqNum()) : List.of();
    boolean boundStopped = bounds.count() == 0 || bounds.meteredBytes() == 0
        || (!catchUp.isEmpty() && catchUp.size() == bounds.count());
    if (!catchUp.isEmpty() || boundStopped || stoppedByBound(engine, start, tail, bounds, catchUp)) {
      return CompletableFuture.completedFuture(new ReadBatch(decode(catchUp, cipher), null));
    }
    long followFrom = tail.seqNum();
    CompletableFuture<Void> waited = engine.tailAdvanced(followFrom).completeOnTimeout(null, wait, TimeUnit.SECONDS);
    waits.add(waited);
    waited.whenComplete((v, e) -> waits.remove(waited));
    if (stopping) {
      waited.complete(null);
    }
    return waited.thenApply(ignored -> {
      StreamPosition now = engine.tail();
      if (engine.isClosed() && now.seqNum() == followFrom) {
        throw S2Error.streamerMissingInAction();
      }
      if (now.seqNum() == followFrom) {
        return new ReadBatch(List.of(), null);
      }
      List<SequencedRecord> records = decode(upTo(engine.read(followFrom, bounds), now.seqNum()), cipher);
      return new ReadBatch(records, now);
    });
  }

  /**
   * Ends every long poll now, as if its wait had run out (what arrived meanwhile, or nothing), and
   * any that starts from now on; for a stopping server. Returns how many were waiting.
   */
  public int endWaits() {
    stopping = true;
    int n = 0;
    for (CompletableFuture<Void> w : waits) {
      n += w.complete(null) ? 1 : 0;
    }
    return n;
  }

  /**
   * Whether catch-up came back empty because a bound (bytes, until) stopped it at a record that
   * exists, rather than because there was nothing before the tail.
   */
  private static boolean stoppedByBound(
      StreamEngine engine, long start, StreamPosition tail, ReadBounds bounds, List<StoredRecord> got) {
    if (!got.isEmpty() || Long.compareUnsigned(start, tail.seqNum()) >= 0) {
      return false;
    }
    return !engine.read(start, new ReadBounds(1, Long.MAX_VALUE, -1L)).isEmpty();
  }

  private static List<StoredRecord> upTo(List<StoredRecord> records, long tailSeqNum) {
    int n = 0;
    while (n < records.size() && Long.compareUnsigned(records.get(n).seqNum(), tailSeqNum) < 0) {
      n++;
    }
    return n == records.size() ? records : records.subList(0, n);
  }

  /** Stored records as readers see them; a wrong key is {@code 400 decryption_failed}. */
  public static List<SequencedRecord> decode(List<StoredRecord> records, RecordCipher cipher) {
    List<SequencedRecord> out = new ArrayList<>(records.size());
    for (StoredRecord r : records) {
      out.add(StreamEngine.decode(r, cipher));
    }
    return out;
  }

  private static long unsignedOr(Long value, long cap) {
    return value == null || Long.compareUnsigned(value, cap) > 0 ? cap : value;
  }

  private static long saturatingSub(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? 0 : a - b;
  }

  private enum Access { APPEND, READ }

  private StreamEngine live(StreamMeta meta) {
    StreamEngine engine = engines.engine(meta);
    if (engine.isDeleting()) {
      throw S2Error.streamDeletionPending();
    }
    return engine;
  }

  /** The stream, auto-created if the basin says so; checks the basin and deletion states. */
  private StreamMeta resolve(String basin, String stream, Access access, StreamConfig createConfig) {
    BasinMeta basinMeta = basins.require(basin);
    if (basinMeta.isDeleting()) {
      throw S2Error.basinDeletionPending(basin);
    }
    StreamMeta meta = store.stream(basin, stream).orElse(null);
    if (meta == null) {
      boolean create = access == Access.APPEND
          ? basinMeta.config().createStreamOnAppend()
          : basinMeta.config().createStreamOnRead();
      if (!create) {
        throw S2Error.streamNotFound(basin, stream);
      }
      meta = streams.autoCreate(basin, stream, createConfig);
    }
    if (meta.isDeleting()) {
      throw S2Error.streamDeletionPending();
    }
    return meta;
  }
}
