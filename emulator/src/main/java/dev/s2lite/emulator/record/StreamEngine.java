package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one writer of a stream. It sequences appends in arrival order: checks deletion, the
 * fencing token and {@code match_seq_num}, assigns dense seq_nums and non-decreasing timestamps,
 * applies command records, and hands the batch to the store without waiting for earlier batches
 * to be durable (a durable store commits many together). Once the store says a batch is
 * durable, the engine publishes it, in sequencing order: the tail moves, live followers are
 * handed its records, and its ack completes.
 *
 * <p>Readers use {@link #tail()}, {@link #read} and {@link #tailAdvanced} without taking the
 * writer's lock; only durable records are ever visible to them.
 */
public final class StreamEngine {

  private final Store store;
  private final Clock clock;
  private final String basin;
  private final String stream;
  private final StreamCipher cipher;
  private final Runnable onTrim;
  private final Object writeLock = new Object();

  // Sequencing state, guarded by writeLock: it runs ahead of what is durable.
  private long nextSeqNum;
  private long lastTimestamp;
  private String fencingToken;
  private long trimPoint;
  private boolean deleting;
  /** Completes when the terminal trim is durable; null until the stream is being deleted. */
  private CompletableFuture<Void> terminalTrimDurable;
  /** Set once the store failed a batch: what is durable is unknown here; a new engine takes over. */
  private S2Error broken;
  /** When the last append was accepted; never written is "long ago" (delete-on-empty). */
  private long lastAppendMillis = Long.MIN_VALUE;

  /** Batches handed to the store, in sequencing order, until published. */
  private final ConcurrentLinkedQueue<Pending> inflight = new ConcurrentLinkedQueue<>();
  private final AtomicInteger publishers = new AtomicInteger();

  private volatile StreamPosition durableTail;
  private volatile boolean closed;
  /** Followers waiting for the tail to move; each removes itself once complete. */
  private final Set<CompletableFuture<Void>> followers = ConcurrentHashMap.newKeySet();
  /** Live readers of the stream; while there are any, recent records are kept for them. */
  private final AtomicInteger liveReaders = new AtomicInteger();
  private final RecentRecords recent;

  /** A sequenced batch on its way to being durable. */
  private static final class Pending {
    final List<StoredRecord> records;
    final AppendAck ack;
    final boolean trimmed;
    final CompletableFuture<AppendAck> acked = new CompletableFuture<>();
    volatile boolean done;
    volatile Throwable failure;

    Pending(List<StoredRecord> records, AppendAck ack, boolean trimmed) {
      this.records = records;
      this.ack = ack;
      this.trimmed = trimmed;
    }
  }

  StreamEngine(Store store, Clock clock, StreamMeta meta, Runnable onTrim, RecentRecords recent) {
    this.recent = recent;
    this.store = store;
    this.clock = clock;
    this.basin = meta.basin();
    this.stream = meta.name();
    this.cipher = meta.cipher();
    this.onTrim = onTrim;
    RecordsState state = store.recordsState(basin, stream);
    this.nextSeqNum = state.nextSeqNum();
    this.lastTimestamp = state.lastTimestamp();
    this.fencingToken = state.fencingToken();
    this.trimPoint = state.trimPoint();
    this.durableTail = new StreamPosition(nextSeqNum, lastTimestamp);
    this.deleting = meta.isDeleting();
    // A stream reopened from a durable store was last written no earlier than its last record's
    // timestamp (capped at arrival unless uncapped), rather than never.
    if (nextSeqNum != 0 && lastTimestamp > 0) {
      this.lastAppendMillis = Math.min(lastTimestamp, clock.millis());
    }
  }

  /**
   * Sequences and stores one batch. The future completes with the ack once the batch is durable,
   * or exceptionally with an {@link S2Error}: {@code 409 stream_deletion_pending}, 412 for a
   * fencing token or {@code match_seq_num} mismatch, {@code 422 invalid} for a missing
   * client-require timestamp or the AES-256-GCM seq_num cap, {@code 500 storage}. A failed batch
   * consumes no seq_num and writes nothing. Futures of successive calls complete in call order,
   * so a session can pipeline appends.
   *
   * @param config the stream's current config (timestamping, retention)
   */
  public CompletableFuture<AppendAck> append(
      List<PreparedRecord> records, Long matchSeqNum, String fencingTokenCondition, StreamConfig config) {
    try {
      return sequence(records, matchSeqNum, fencingTokenCondition, config).acked;
    } catch (DeletionPending e) {
      // As lite: the refusal waits for the terminal trim to be durable.
      return e.terminalTrimDurable.handle((ignored, failure) -> null)
          .thenCompose(ignored -> CompletableFuture.failedFuture(S2Error.streamDeletionPending()));
    } catch (S2Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Thrown by {@link #sequence} when the stream is being deleted. */
  private static final class DeletionPending extends RuntimeException {
    final CompletableFuture<Void> terminalTrimDurable;

    DeletionPending(CompletableFuture<Void> terminalTrimDurable) {
      super(null, null, false, false);
      this.terminalTrimDurable = terminalTrimDurable;
    }
  }

  private Pending sequence(
      List<PreparedRecord> records, Long matchSeqNum, String fencingTokenCondition, StreamConfig config) {
    synchronized (writeLock) {
      if (broken != null) {
        throw broken;
      }
      if (deleting || closed) {
        throw new DeletionPending(terminalTrimDurable != null
            ? terminalTrimDurable : CompletableFuture.completedFuture(null));
      }
      if (fencingTokenCondition != null && !fencingTokenCondition.equals(fencingToken)) {
        throw S2Error.fencingTokenMismatch(fencingToken);
      }
      if (matchSeqNum != null && matchSeqNum != nextSeqNum) {
        throw S2Error.seqNumMismatch(nextSeqNum);
      }
      long now = clock.millis();
      long expiresAt = expiry(config.retentionPolicy(), now);
      TimestampingMode mode = config.timestampingMode();
      boolean uncapped = Boolean.TRUE.equals(config.timestampingUncapped());
      List<StoredRecord> stored = new ArrayList<>(records.size());
      long prev = lastTimestamp;
      long seq = nextSeqNum;
      String token = fencingToken;
      long trim = trimPoint;
      for (PreparedRecord r : records) {
        long ts = switch (mode) {
          case CLIENT_PREFER -> r.clientTimestamp() != null ? r.clientTimestamp() : now;
          case CLIENT_REQUIRE -> {
            if (r.clientTimestamp() == null) {
              throw S2Error.invalid("record timestamp was required but was missing");
            }
            yield r.clientTimestamp();
          }
          case ARRIVAL -> now;
        };
        if (!uncapped && Long.compareUnsigned(ts, now) > 0) {
          ts = now;
        }
        if (Long.compareUnsigned(ts, prev) < 0) {
          ts = prev;
        }
        prev = ts;
        if (r.encrypted() && cipher == StreamCipher.AES_256_GCM
            && Long.compareUnsigned(seq, RecordCipher.AES_GCM_MAX_SEQ_NUM) > 0) {
          throw S2Error.invalid("max assignable sequence number is "
              + RecordCipher.AES_GCM_MAX_SEQ_NUM + "; attempted " + Long.toUnsignedString(seq));
        }
        if (r.command() instanceof Command.Fence fence) {
          token = fence.token();
        } else if (r.command() instanceof Command.Trim t) {
          long effective = Long.compareUnsigned(t.trimPoint(), seq + 1) < 0 ? t.trimPoint() : seq + 1;
          if (Long.compareUnsigned(effective, trim) > 0) {
            trim = effective;
          }
        }
        stored.add(new StoredRecord(seq, ts, expiresAt, r.meteredBytes(), r.payload()));
        seq++;
      }
      // Everything the ack needs is allocated before the store write, so running out of heap
      // cannot leave the store ahead of the engine.
      StreamPosition start = new StreamPosition(nextSeqNum, stored.get(0).timestamp());
      StreamPosition end = new StreamPosition(seq, prev);
      Pending pending = handOver(stored, new RecordsState(seq, prev, token, trim),
          new AppendAck(start, end, end), trim != trimPoint);
      nextSeqNum = seq;
      lastTimestamp = prev;
      fencingToken = token;
      trimPoint = trim;
      lastAppendMillis = now;
      return pending;
    }
  }

  /**
   * Gives a sequenced batch to the store, under the write lock so that batches reach the store
   * in sequencing order; it is published once durable.
   */
  private Pending handOver(List<StoredRecord> stored, RecordsState after, AppendAck ack, boolean trimmed) {
    Pending pending = new Pending(stored, ack, trimmed);
    inflight.add(pending);
    CompletableFuture<Void> durable;
    try {
      durable = store.appendRecords(basin, stream, stored, after);
    } catch (RuntimeException e) {
      durable = CompletableFuture.failedFuture(e);
    }
    durable.whenComplete((ignored, failure) -> {
      pending.failure = failure;
      pending.done = true;
      publishDurable();
    });
    return pending;
  }

  /**
   * Publishes the durable batches at the head of the in-flight queue, in order. One thread
   * publishes at a time; a thread that finds another publishing leaves its batch to it.
   */
  private void publishDurable() {
    if (publishers.getAndIncrement() != 0) {
      return;
    }
    do {
      for (Pending head = inflight.peek(); head != null && head.done; head = inflight.peek()) {
        inflight.poll();
        if (head.failure != null) {
          fail(head);
        } else {
          publish(head);
        }
      }
    } while (publishers.decrementAndGet() != 0);
  }

  private void publish(Pending batch) {
    if (liveReaders.get() > 0) {
      recent.add(batch.records);
    }
    durableTail = batch.ack.end();
    wakeFollowers();
    batch.acked.complete(batch.ack);
    if (batch.trimmed) {
      onTrim.run();
    }
  }

  /** The store failed a batch: it and every batch after it fail; the engine takes no more. */
  private void fail(Pending batch) {
    S2Error error = batch.failure instanceof S2Error e ? e : S2Error.storage("database: "
        + (batch.failure.getCause() != null ? batch.failure.getCause().getMessage() : batch.failure.getMessage()));
    synchronized (writeLock) {
      if (broken == null) {
        broken = error;
      }
    }
    batch.acked.completeExceptionally(error);
    for (Pending later = inflight.poll(); later != null; later = inflight.poll()) {
      later.acked.completeExceptionally(error);
    }
    close();
  }

  /** Whether a store failure stopped this engine; the next use of the stream gets a new one. */
  boolean isBroken() {
    synchronized (writeLock) {
      return broken != null;
    }
  }

  private void wakeFollowers() {
    for (CompletableFuture<Void> follower : followers) {
      follower.complete(null);
    }
  }

  private static long expiry(RetentionPolicy retention, long now) {
    if (retention instanceof RetentionPolicy.Age age) {
      long millis = age.seconds() > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : age.seconds() * 1000;
      return now > Long.MAX_VALUE - millis ? Long.MAX_VALUE : now + millis;
    }
    return Long.MAX_VALUE;
  }

  /**
   * Starts the stream's deletion (lite's terminal trim): a trim command to past the end, sequenced
   * after every accepted append; from now on appends get {@code 409 stream_deletion_pending} (once
   * the terminal trim is durable). Repeating it returns the same future.
   *
   * @return completes once the terminal trim record is durable
   */
  public CompletableFuture<Void> terminalTrim() {
    synchronized (writeLock) {
      if (terminalTrimDurable != null) {
        return terminalTrimDurable;
      }
      if (deleting || broken != null) {
        terminalTrimDurable = CompletableFuture.completedFuture(null);
        deleting = true;
        return terminalTrimDurable;
      }
      long ts = Math.max(clock.millis(), lastTimestamp);
      byte[] body = ByteBuffer.allocate(8).putLong(-1L).array();
      List<Header> headers = Command.trimHeaders();
      int metered = (int) new AppendRecord(null, headers, body).meteredBytes();
      long seq = nextSeqNum;
      StreamPosition end = new StreamPosition(seq + 1, ts);
      Pending pending = handOver(
          List.of(new StoredRecord(seq, ts, Long.MAX_VALUE, metered, Envelope.plain(headers, body))),
          new RecordsState(seq + 1, ts, fencingToken, seq + 1),
          new AppendAck(new StreamPosition(seq, ts), end, end), false);
      nextSeqNum = seq + 1;
      lastTimestamp = ts;
      trimPoint = seq + 1;
      deleting = true;
      terminalTrimDurable = pending.acked.thenApply(ack -> null);
      return terminalTrimDurable;
    }
  }

  /** The durable tail: the next seq_num and the last durable record's timestamp. */
  public StreamPosition tail() {
    return durableTail;
  }

  /** Whether the stream is being deleted (appends fail; new reads fail). */
  public boolean isDeleting() {
    synchronized (writeLock) {
      return deleting;
    }
  }

  /** Whether the engine was shut down (its stream is gone); followers should end. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Whether the stream has ended for followers: the engine was shut down, or the terminal trim is
   * durable. The terminal trim record is then within {@link #tail()}, so a follower that read
   * this first and the tail after it delivers that record before it ends.
   */
  public boolean hasEnded() {
    if (closed) {
      return true;
    }
    synchronized (writeLock) {
      return terminalTrimDurable != null && terminalTrimDurable.isDone();
    }
  }

  /**
   * Durable stored records from {@code fromSeqNum}, within {@code bounds}, skipping deleted and
   * expired ones. Does not take the writer's lock. Payloads are still in stored form: decode them
   * with {@link #decode}.
   */
  public List<StoredRecord> read(long fromSeqNum, ReadBounds bounds) {
    long now = clock.millis();
    long firstRecent = recent.firstSeqNum();
    if (firstRecent >= 0 && Long.compareUnsigned(fromSeqNum, firstRecent) >= 0) {
      List<StoredRecord> kept = recent.read(fromSeqNum, bounds, now);
      if (kept != null) {
        return kept;
      }
    }
    List<StoredRecord> stored = store.readRecords(basin, stream, fromSeqNum, bounds, now);
    if (firstRecent < 0) {
      return stored;
    }
    // Below the recent records the store answers; from them on, they do (the store may have
    // lost them to a trim already).
    int below = 0;
    while (below < stored.size() && Long.compareUnsigned(stored.get(below).seqNum(), firstRecent) < 0) {
      below++;
    }
    if (below > 0) {
      return stored.subList(0, below);
    }
    if (stored.isEmpty()) {
      List<StoredRecord> next = store.readRecords(basin, stream, fromSeqNum, ONE_RECORD, now);
      if (!next.isEmpty() && Long.compareUnsigned(next.get(0).seqNum(), firstRecent) < 0) {
        // A record below the recent ones exists, and the bounds keep it out.
        return stored;
      }
    }
    List<StoredRecord> kept = recent.read(firstRecent, bounds, now);
    return kept != null ? kept : store.readRecords(basin, stream, firstRecent, bounds, now);
  }

  private static final ReadBounds ONE_RECORD = new ReadBounds(1, Long.MAX_VALUE, -1L);

  /**
   * Registers a live reader (a session that may follow, a long poll): from now until it is
   * closed, the records this engine publishes are kept for it, so it is handed every record
   * appended meanwhile even if a trim or a deletion removes them from the store.
   */
  public LiveReader liveReader() {
    liveReaders.incrementAndGet();
    return new LiveReader();
  }

  /** A live reader's registration; closing it (once or more) ends it. */
  public final class LiveReader implements AutoCloseable {
    private final AtomicBoolean open = new AtomicBoolean(true);

    private LiveReader() {}

    @Override
    public void close() {
      if (open.compareAndSet(true, false) && liveReaders.decrementAndGet() == 0) {
        recent.clear();
      }
    }
  }

  /** The seq_num of the first record at or after {@code timestamp}, or the tail; by bisection. */
  public long seqNumAtOrAfter(long timestamp) {
    return store.seqNumAtOrAfter(basin, stream, timestamp);
  }

  /**
   * A stored record as a reader sees it.
   *
   * @param cipher the reader's key for an encrypted stream, or null
   * @throws S2Error {@code 400 decryption_failed} when the key does not open the record
   */
  public static SequencedRecord decode(StoredRecord record, RecordCipher cipher) {
    Envelope.Decoded d = RecordCipher.open(record.payload(), cipher);
    return new SequencedRecord(record.seqNum(), record.timestamp(), d.headers(), d.body());
  }

  /**
   * The tail signal for followers: completes (normally) as soon as the durable tail is beyond
   * {@code knownNextSeqNum}, or when the engine is closed. Each call gets its own future, which
   * the caller may complete or time out without waking other followers (and without leaving
   * anything behind). It completes on the appending thread: continue asynchronously for heavy
   * work. The caller re-reads {@link #tail()} afterwards; no polling is needed.
   */
  public CompletableFuture<Void> tailAdvanced(long knownNextSeqNum) {
    CompletableFuture<Void> follower = new CompletableFuture<>();
    followers.add(follower);
    follower.whenComplete((ignored, failure) -> followers.remove(follower));
    // Checked after registering, so a batch published in between is never missed.
    if (closed || Long.compareUnsigned(durableTail.seqNum(), knownNextSeqNum) > 0) {
      follower.complete(null);
    }
    return follower;
  }

  /** Shuts the engine down once its stream is gone: appends fail, followers are woken. */
  void close() {
    synchronized (writeLock) {
      closed = true;
      deleting = true;
    }
    wakeFollowers();
  }

  // --- housekeeping ---

  /** The trim point (u64 in a long): records below it are to be deleted. */
  public long trimPoint() {
    synchronized (writeLock) {
      return trimPoint;
    }
  }

  /** When the last append was accepted (Unix ms), or {@link Long#MIN_VALUE} if never. */
  public long lastAppendMillis() {
    synchronized (writeLock) {
      return lastAppendMillis;
    }
  }

  /**
   * Delete-on-empty's last step (lite 0.43): if nothing was appended in the last {@code minAgeMillis}
   * and no live record is left, starts the stream's deletion with a terminal trim, atomically with
   * respect to appends, and returns true.
   */
  public boolean deleteIfIdleAndEmpty(long minAgeMillis, long now) {
    synchronized (writeLock) {
      if (deleting || lastAppendMillis > now - minAgeMillis
          || store.liveRecordCount(basin, stream, now) != 0) {
        return false;
      }
      terminalTrim();
      return true;
    }
  }
}
