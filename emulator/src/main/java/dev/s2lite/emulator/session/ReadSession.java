package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.RecordCipher;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.StreamEngine;
import dev.s2lite.emulator.record.StreamPosition;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.StoredRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming read (SSE or S2S), lite §12.4: catch-up batches from the store up to the tail, then
 * (when it may follow) a heartbeat and live batches as the engine's tail signal fires, heartbeats
 * every few seconds while idle, until a bound is reached or the wait deadline passes.
 *
 * <p>It pulls: a step reads from the store only while the response has room, so a slow reader
 * costs a bounded buffer, and a lagging follower simply catches up from the store. Steps run on
 * the shared workers, one at a time per session; waiting costs no thread.
 */
public final class ReadSession implements SessionOutput.Listener, Sessions.Live {

  private static final Logger LOG = LoggerFactory.getLogger(ReadSession.class);

  /** Per-message caps (lite): 1000 records, 1 MiB metered. */
  static final int MESSAGE_RECORDS = 1000;
  static final long MESSAGE_BYTES = 1024 * 1024;
  /** Produce more only while less than this is waiting to be written. */
  static final long OUTPUT_HIGH_WATER = 256 * 1024;

  private final Sessions sessions;
  private final StreamEngine engine;
  private final RecordCipher cipher;
  private final ReadSink sink;
  private final SessionOutput output;
  private final boolean mayFollow;
  private final Long waitMillis;
  private final long until;
  private final AtomicInteger pending = new AtomicInteger();
  /** Keeps what the stream appends while this session may follow; null when it may not. */
  private final StreamEngine.LiveReader liveReader;

  // Guarded by the step discipline (one step at a time).
  private long next;
  private Long remainingCount;
  private Long remainingBytes;
  private long deliveredCount;
  private long deliveredBytes;
  private boolean following;
  private boolean ended;
  private long lastDeliveryMillis = -1;
  private long deadlineMillis = Long.MAX_VALUE;
  private long heartbeatDueMillis = Long.MAX_VALUE;
  private ScheduledFuture<?> timer;
  private long timerAtMillis = Long.MAX_VALUE;
  private volatile boolean waitingForTail;
  private CompletableFuture<Void> tailSignal;
  private volatile boolean blockedOnOutput;

  /**
   * @param liveReader the session's registration as a live reader of the engine, taken before its
   *     start was resolved (null when the plan may not follow); the session closes it when it ends
   */
  public ReadSession(Sessions sessions, StreamEngine engine, RecordCipher cipher, ReadPlan plan,
      StreamEngine.LiveReader liveReader, ReadSink sink, SessionOutput output) {
    this.sessions = sessions;
    this.engine = engine;
    this.cipher = cipher;
    this.sink = sink;
    this.output = output;
    this.mayFollow = plan.mayFollow();
    this.waitMillis = plan.waitSeconds() == null ? null : plan.waitSeconds() * 1000;
    this.until = plan.until() == null ? -1L : plan.until();
    this.next = plan.startSeqNum();
    this.remainingCount = atMostMax(plan.count());
    this.remainingBytes = atMostMax(plan.bytes());
    this.liveReader = liveReader;
  }

  /** A u64 bound carried in a long: the ones past {@code Long.MAX_VALUE} are as good as unbounded. */
  private static Long atMostMax(Long unsigned) {
    if (unsigned != null && unsigned < 0) {
      return Long.MAX_VALUE;
    }
    return unsigned;
  }

  /** Starts writing (headers go out with the first flush) and reading. */
  public void start() {
    output.start(this);
    sessions.joined(this);
    wake();
  }

  @Override
  public void serverStopping() {
    wake();
  }

  /** Runs a step soon; calls while a step runs cause one more step afterwards. */
  void wake() {
    if (pending.getAndIncrement() == 0) {
      sessions.execute(this::run);
    }
  }

  private void run() {
    int seen;
    do {
      seen = pending.get();
      try {
        step();
      } catch (S2Error e) {
        fail(e);
      } catch (OutOfMemoryError e) {
        fail(S2Error.outOfMemory());
      } catch (RuntimeException e) {
        LOG.error("read session failed", e);
        fail(S2Error.other(e.toString()));
      }
    } while (pending.addAndGet(-seen) != 0);
  }

  @Override
  public void onDrained() {
    if (blockedOnOutput) {
      wake();
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    wake();
  }

  private void step() {
    if (ended) {
      return;
    }
    if (output.isClosed()) {
      end(null);
      return;
    }
    if (sessions.isShuttingDown()) {
      // A retryable error, so SDKs resume from their last record on another server (or this one, restarted).
      fail(S2Error.unavailable("the server is shutting down"));
      return;
    }
    if (output.queuedBytes() >= OUTPUT_HIGH_WATER) {
      blockedOnOutput = true;
      if (output.queuedBytes() >= OUTPUT_HIGH_WATER) {
        return;
      }
    }
    blockedOnOutput = false;
    long now = sessions.nowMillis();
    if (following && now >= deadlineMillis) {
      finish();
      return;
    }
    if (following && now >= heartbeatDueMillis) {
      heartbeat(now);
    }
    if (remainingCount != null && remainingCount == 0 || remainingBytes != null && remainingBytes == 0) {
      finish();
      return;
    }
    // Read before the tail: once ended, the tail holds the terminal trim, delivered before the end.
    boolean streamEnded = engine.hasEnded();
    StreamPosition tail = engine.tail();
    List<StoredRecord> stored = Long.compareUnsigned(next, tail.seqNum()) < 0 ? engine.read(next, messageBounds()) : List.of();
    if (!stored.isEmpty()) {
      deliver(stored, now);
      wake();
      return;
    }
    if (Long.compareUnsigned(next, tail.seqNum()) < 0) {
      List<StoredRecord> probe = engine.read(next, new ReadBounds(1, Long.MAX_VALUE, -1L));
      if (!probe.isEmpty()) {
        // A record exists but a session bound (bytes, until) keeps it out: the read is over.
        finish();
        return;
      }
      // Everything up to the tail was deleted underneath; carry on from the tail.
      next = tail.seqNum();
    }
    if (!following) {
      if (!mayFollow) {
        finish();
        return;
      }
      following = true;
      if (waitMillis != null) {
        deadlineMillis = (lastDeliveryMillis >= 0 ? lastDeliveryMillis : now) + waitMillis;
        if (now >= deadlineMillis) {
          finish();
          return;
        }
      }
      heartbeat(now);
    }
    if (streamEnded) {
      fail(S2Error.unavailable("streamer missing in action"));
      return;
    }
    armTimer();
    if (!waitingForTail) {
      waitingForTail = true;
      tailSignal = engine.tailAdvanced(next);
      tailSignal.whenComplete((v, e) -> {
        waitingForTail = false;
        wake();
      });
    }
  }

  private ReadBounds messageBounds() {
    int count = remainingCount == null ? MESSAGE_RECORDS : (int) Math.min(MESSAGE_RECORDS, remainingCount);
    long bytes = remainingBytes == null ? MESSAGE_BYTES : Math.min(MESSAGE_BYTES, remainingBytes);
    return new ReadBounds(count, bytes, until);
  }

  private void deliver(List<StoredRecord> stored, long now) {
    sessions.active();
    long bytes = 0;
    for (StoredRecord r : stored) {
      bytes += r.meteredBytes();
    }
    StoredRecord last = stored.get(stored.size() - 1);
    next = last.seqNum() + 1;
    deliveredCount += stored.size();
    deliveredBytes += bytes;
    if (remainingCount != null) {
      remainingCount -= stored.size();
    }
    if (remainingBytes != null) {
      remainingBytes -= bytes;
    }
    StreamPosition tail = null;
    if (following) {
      StreamPosition current = engine.tail();
      // Caught up: a live batch carries the tail; a lagging follower's catch-up batch does not.
      if (current.seqNum() == next) {
        tail = current;
      }
    }
    output.send(sink.batch(new StoredBatch(stored, cipher, tail), new LastEventId(last.seqNum(), deliveredCount, deliveredBytes)));
    lastDeliveryMillis = now;
    if (following) {
      if (waitMillis != null) {
        deadlineMillis = now + waitMillis;
      }
      heartbeatDueMillis = now + sessions.nextHeartbeatMillis();
    }
  }

  private void heartbeat(long now) {
    output.send(sink.heartbeat(engine.tail(), now));
    heartbeatDueMillis = now + sessions.nextHeartbeatMillis();
  }

  /** One timer per session, at the earlier of the wait deadline and the next heartbeat. */
  private void armTimer() {
    long at = Math.min(deadlineMillis, heartbeatDueMillis);
    if (at == timerAtMillis && timer != null && !timer.isDone()) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAtMillis = at;
    timer = at == Long.MAX_VALUE ? null : sessions.scheduleAt(this::wake, at);
  }

  private void finish() {
    byte[] end = sink.end();
    if (end != null) {
      output.send(end);
    }
    end(null);
  }

  private void fail(S2Error error) {
    if (ended) {
      return;
    }
    output.send(sink.error(error));
    end(error);
  }

  private void end(S2Error error) {
    ended = true;
    if (liveReader != null) {
      liveReader.close();
    }
    sessions.left(this);
    if (timer != null) {
      timer.cancel(false);
    }
    if (tailSignal != null) {
      // Leaves the engine's followers, so an ended session is not kept alive by an idle stream.
      tailSignal.complete(null);
    }
    output.finish();
  }
}
