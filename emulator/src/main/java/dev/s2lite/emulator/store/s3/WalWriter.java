package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.store.s3.StoreState.StreamKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit: changes handed over by any number of threads queue up, and one thread
 * writes them together as the next write-ahead log object, at most once per flush interval
 * (at once when a metadata change waits, since its caller blocks). Once the object is written,
 * its entries are applied to the state and their futures complete, in hand-over order.
 *
 * <p>Objects are written only if absent: meeting an object this writer did not write means a
 * newer writer claimed the number, and this one is fenced. While idle, the writer looks for such
 * an object every second, so a fenced process notices even without traffic.
 */
final class WalWriter {

  private static final Logger LOG = LoggerFactory.getLogger(WalWriter.class);
  /** A log object holds at most about this much (one entry may exceed it). */
  static final long MAX_OBJECT_BYTES = 16L << 20;
  private static final long FENCE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** What the writer needs from the store it writes for. */
  interface Owner {
    /** Stops the store for good: it was fenced or lost its storage. */
    void fail(RuntimeException cause);

    /** The error every operation gets once the store stopped, or null while it runs. */
    S2Error failure();

    /** A chance to start a checkpoint after a log object was applied. */
    void written(long number);
  }

  private record Pending(WalEntry entry, StreamKey key, boolean metadata, CompletableFuture<Void> done) {}

  /** A stream's tail as the handed-over (not yet applied) entries leave it. */
  private static final class Projection {
    long next;
    int inflight;

    Projection(long next) {
      this.next = next;
    }
  }

  private final Blobs wal;
  private final StoreState state;
  private final long epoch;
  private final long flushNanos;
  private final long memtableLimit;
  private final Retrier retrier;
  private final Owner owner;
  private final Thread thread;
  /** Completes futures in order, off the writing thread, so the next write starts at once. */
  private final ExecutorService acks;
  /** Writes up to {@link WalObject#WINDOW} log objects at once. */
  private final ExecutorService puts;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Map<StreamKey, Projection> projections = new HashMap<>();
  private int clearsInFlight;
  private int metadataQueued;
  private boolean draining;
  private boolean halted;
  /** Objects being written, in number order. */
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private long nextNumber;
  private long lastWriteStart;

  WalWriter(Blobs wal, StoreState state, long epoch, long nextNumber, Duration flushInterval,
      long memtableLimit, Retrier retrier, Owner owner) {
    this.wal = wal;
    this.state = state;
    this.epoch = epoch;
    this.nextNumber = nextNumber;
    this.flushNanos = flushInterval.toNanos();
    this.memtableLimit = memtableLimit;
    this.retrier = retrier;
    this.owner = owner;
    this.lastWriteStart = System.nanoTime() - flushNanos;
    this.thread = new Thread(this::loop, "s2lite-s3-wal");
    this.thread.setDaemon(true);
    this.acks = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "s2lite-s3-acks");
      t.setDaemon(true);
      return t;
    });
    this.puts = Executors.newFixedThreadPool(WalObject.WINDOW, r -> {
      Thread t = new Thread(r, "s2lite-s3-wal-put");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    thread.start();
  }

  // --- handing over ---

  /**
   * Queues a batch of records (or, empty, a new state).
   *
   * @throws IllegalStateException if it does not start where the stream's previous batch ended
   */
  CompletableFuture<Void> append(StreamKey key, List<StoredRecord> records, RecordsState after) {
    lock.lock();
    try {
      S2Error failure = refusal();
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      long expected = expectedNext(key);
      // An empty batch only sets the state, possibly moving the tail (a restored stream).
      if (!records.isEmpty() && records.get(0).seqNum() != expected) {
        throw new IllegalStateException("batch of " + key.basin() + "/" + key.stream() + " starts at "
            + records.get(0).seqNum() + ", the stream's next seq_num is " + expected);
      }
      Projection p = projections.computeIfAbsent(key, k -> new Projection(expected));
      p.next = after.nextSeqNum();
      p.inflight++;
      return enqueue(new WalEntry.Append(key.basin(), key.stream(), records, after), key, false);
    } finally {
      lock.unlock();
    }
  }

  /** Queues a metadata change; it is written without waiting for the flush interval. */
  CompletableFuture<Void> submit(WalEntry entry) {
    lock.lock();
    try {
      S2Error failure = refusal();
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      StreamKey key = null;
      if (entry instanceof WalEntry.RemoveStream r) {
        key = new StreamKey(r.basin(), r.name());
        Projection p = projections.computeIfAbsent(key, k -> new Projection(0));
        p.next = 0;
        p.inflight++;
      } else if (entry instanceof WalEntry.Clear) {
        clearsInFlight++;
        for (Projection p : projections.values()) {
          p.next = 0;
        }
      }
      return enqueue(entry, key, true);
    } finally {
      lock.unlock();
    }
  }

  private CompletableFuture<Void> enqueue(WalEntry entry, StreamKey key, boolean metadata) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Pending(entry, key, metadata, done));
    if (metadata) {
      metadataQueued++;
    }
    changed.signalAll();
    return done;
  }

  private S2Error refusal() {
    S2Error failure = owner.failure();
    if (failure != null) {
      return failure;
    }
    return draining || halted ? S2Error.storage("database: the store is closed") : null;
  }

  private long expectedNext(StreamKey key) {
    Projection p = projections.get(key);
    if (p != null) {
      return p.next;
    }
    return clearsInFlight > 0 ? 0 : state.recordsState(key).nextSeqNum();
  }

  // --- the writer thread ---

  /** A log object being written; its entries are applied and acknowledged once it and all before it are. */
  private record InFlight(long number, List<Pending> batch, List<WalEntry> entries,
      CompletableFuture<Boolean> written) {}

  private void loop() {
    try {
      while (true) {
        InFlight next = nextWrite();
        if (next == null) {
          return;
        }
        String key = WalObject.key(next.number());
        byte[] bytes = new WalObject(epoch, next.number(), next.entries()).encode();
        puts.execute(() -> {
          try {
            next.written().complete(retrier.call("write " + wal.location(key), writeOnce(key, bytes)));
          } catch (RuntimeException e) {
            next.written().completeExceptionally(e);
          }
          lock.lock();
          try {
            changed.signalAll();
          } finally {
            lock.unlock();
          }
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Fenced | Retrier.StorageLost e) {
      owner.fail(e);
    } catch (RuntimeException e) {
      LOG.error("the write-ahead log writer failed", e);
      owner.fail(e);
    }
  }

  /**
   * Publishes the written objects at the head of the window, then waits until the next object can
   * be started: something is queued, the window has room, the flush interval has passed since the
   * last one started (or a metadata change waits), and the memtable has room. Null when the writer
   * stops.
   */
  private InFlight nextWrite() throws InterruptedException {
    lock.lock();
    try {
      long idleSince = System.nanoTime();
      while (true) {
        publishWritten();
        if (halted || owner.failure() != null || (draining && queue.isEmpty() && inFlight.isEmpty())) {
          return null;
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(200);
        if (!queue.isEmpty() && inFlight.size() < WalObject.WINDOW) {
          long due = metadataQueued > 0 ? 0 : lastWriteStart + flushNanos - System.nanoTime();
          if (due <= 0 && state.memtableBytes() < 2 * memtableLimit) {
            return startNext();
          }
          if (due <= 0) {
            // Appends wait while the records not yet checkpointed take twice the memtable size.
            owner.written(nextNumber - 1);
            wait = TimeUnit.MILLISECONDS.toNanos(10);
          } else {
            wait = due;
          }
        }
        changed.awaitNanos(wait);
        if (queue.isEmpty() && inFlight.isEmpty() && System.nanoTime() - idleSince >= FENCE_CHECK_NANOS) {
          lock.unlock();
          try {
            checkNotFenced();
          } finally {
            lock.lock();
          }
          idleSince = System.nanoTime();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes the next object's entries off the queue (under the lock). */
  private InFlight startNext() {
    List<Pending> batch = new ArrayList<>();
    List<WalEntry> entries = new ArrayList<>();
    long bytes = 0;
    while (!queue.isEmpty() && (batch.isEmpty() || bytes + queue.peek().entry().approximateBytes() <= MAX_OBJECT_BYTES)) {
      Pending p = queue.poll();
      bytes += p.entry().approximateBytes();
      if (p.metadata()) {
        metadataQueued--;
      }
      batch.add(p);
      entries.add(p.entry());
    }
    InFlight next = new InFlight(nextNumber++, batch, entries, new CompletableFuture<>());
    inFlight.add(next);
    lastWriteStart = System.nanoTime();
    return next;
  }

  /**
   * Applies and acknowledges the written objects at the head of the window, in order (under the
   * lock). An object that is not ours means a newer writer took over: this one is fenced.
   */
  private void publishWritten() {
    for (InFlight head = inFlight.peek(); head != null && head.written().isDone(); head = inFlight.peek()) {
      boolean ours;
      try {
        ours = head.written().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      if (!ours) {
        throw fencedBy(head.number());
      }
      inFlight.poll();
      boolean[] applied = state.apply(head.number(), head.entries(), head.number() + 1);
      for (Pending p : head.batch()) {
        if (p.key() != null) {
          Projection projection = projections.get(p.key());
          if (--projection.inflight == 0) {
            projections.remove(p.key());
          }
        } else if (p.entry() instanceof WalEntry.Clear) {
          clearsInFlight--;
        }
      }
      List<Pending> batch = head.batch();
      acks.execute(() -> {
        for (int i = 0; i < batch.size(); i++) {
          if (applied[i]) {
            batch.get(i).done().complete(null);
          } else {
            batch.get(i).done().completeExceptionally(S2Error.storage("database: the stream was removed"));
          }
        }
      });
      owner.written(head.number());
    }
  }

  /** Writes the object if absent; true when it is ours (also when an earlier attempt of ours landed). */
  private Supplier<Boolean> writeOnce(String key, byte[] bytes) {
    return () -> wal.putIfAbsent(key, bytes) || Arrays.equals(bytes, wal.get(key));
  }

  private Fenced fencedBy(long number) {
    String key = WalObject.key(number);
    String writer;
    try {
      byte[] existing = wal.get(key);
      writer = existing == null ? "another writer"
          : "the writer of epoch " + WalObject.decode(existing, wal.location(key)).epoch();
    } catch (RuntimeException e) {
      writer = "another writer";
    }
    return new Fenced(wal.location(key) + " was written by " + writer + " (this one is epoch " + epoch + ")");
  }

  /** While idle: is the next log object already there? Then a newer writer took over. */
  private void checkNotFenced() {
    try {
      if (wal.exists(WalObject.key(nextNumber))) {
        throw fencedBy(nextNumber);
      }
    } catch (BlobException e) {
      LOG.debug("fencing check failed: {}", e.getMessage());
    }
  }

  // --- stopping ---

  /** Writes what is queued, then stops. */
  void drainAndStop() {
    lock.lock();
    try {
      draining = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    join();
  }

  /** Stops at once, as a crash would: nothing more is written; what was handed over fails. */
  void halt() {
    lock.lock();
    try {
      halted = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    puts.shutdownNow();
    join();
    failAll(S2Error.storage("database: the store was halted"));
  }

  /** Fails every change handed over and not yet acknowledged. */
  void failAll(S2Error error) {
    List<Pending> failed = new ArrayList<>();
    lock.lock();
    try {
      for (InFlight f : inFlight) {
        failed.addAll(f.batch());
      }
      inFlight.clear();
      failed.addAll(queue);
      queue.clear();
      metadataQueued = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    acks.execute(() -> failed.forEach(p -> p.done().completeExceptionally(error)));
  }

  private void join() {
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the threads completing futures and writing, once everything they were given is done. */
  void closeAcks() {
    puts.shutdownNow();
    acks.shutdown();
    try {
      acks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
