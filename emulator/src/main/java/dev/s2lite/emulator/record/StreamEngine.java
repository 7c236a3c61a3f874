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

/**
 * The one writer of a stream. It sequences appends in arrival order: checks deletion, the
 * fencing token and {@code match_seq_num}, assigns dense seq_nums and non-decreasing timestamps,
 * applies command records, hands the batch to the store and acks once the store says durable.
 * Acks complete in sequencing order.
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

  // Sequencing state, guarded by writeLock.
  private long nextSeqNum;
  private long lastTimestamp;
  private String fencingToken;
  private long trimPoint;
  private boolean deleting;
  /** When the last append was accepted; never written is "long ago" (delete-on-empty). */
  private long lastAppendMillis = Long.MIN_VALUE;

  private volatile StreamPosition durableTail;
  private volatile boolean closed;
  /** Followers waiting for the tail to move; each removes itself once complete. */
  private final Set<CompletableFuture<Void>> followers = ConcurrentHashMap.newKeySet();

  StreamEngine(Store store, Clock clock, StreamMeta meta, Runnable onTrim) {
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
    AppendAck ack;
    try {
      ack = sequence(records, matchSeqNum, fencingTokenCondition, config);
    } catch (S2Error e) {
      return CompletableFuture.failedFuture(e);
    }
    wakeFollowers();
    return CompletableFuture.completedFuture(ack);
  }

  private AppendAck sequence(
      List<PreparedRecord> records, Long matchSeqNum, String fencingTokenCondition, StreamConfig config) {
    synchronized (writeLock) {
      if (deleting || closed) {
        throw S2Error.streamDeletionPending();
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
      AppendAck ack = new AppendAck(start, end, end);
      write(stored, new RecordsState(seq, prev, token, trim));
      boolean trimmed = trim != trimPoint;
      nextSeqNum = seq;
      lastTimestamp = prev;
      fencingToken = token;
      trimPoint = trim;
      lastAppendMillis = now;
      publish(end);
      if (trimmed) {
        onTrim.run();
      }
      return ack;
    }
  }

  private void write(List<StoredRecord> stored, RecordsState after) {
    try {
      store.appendRecords(basin, stream, stored, after);
    } catch (RuntimeException e) {
      throw S2Error.storage("database: " + e.getMessage());
    }
  }

  /** Makes a durable position visible to readers; followers are woken after the lock is released. */
  private void publish(StreamPosition tail) {
    durableTail = tail;
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
   * after every accepted append; from now on appends get {@code 409 stream_deletion_pending}.
   * Repeating it does nothing.
   */
  public void terminalTrim() {
    synchronized (writeLock) {
      if (deleting) {
        return;
      }
      long ts = Math.max(clock.millis(), lastTimestamp);
      byte[] body = ByteBuffer.allocate(8).putLong(-1L).array();
      List<Header> headers = Command.trimHeaders();
      int metered = (int) new AppendRecord(null, headers, body).meteredBytes();
      long seq = nextSeqNum;
      write(List.of(new StoredRecord(seq, ts, Long.MAX_VALUE, metered, Envelope.plain(headers, body))),
          new RecordsState(seq + 1, ts, fencingToken, seq + 1));
      nextSeqNum = seq + 1;
      lastTimestamp = ts;
      trimPoint = seq + 1;
      deleting = true;
      publish(new StreamPosition(nextSeqNum, ts));
    }
    wakeFollowers();
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
   * Durable stored records from {@code fromSeqNum}, within {@code bounds}, skipping deleted and
   * expired ones. Does not take the writer's lock. Payloads are still in stored form: decode them
   * with {@link #decode}.
   */
  public List<StoredRecord> read(long fromSeqNum, ReadBounds bounds) {
    return store.readRecords(basin, stream, fromSeqNum, bounds, clock.millis());
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
