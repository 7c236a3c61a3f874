package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves appended records from the heap to segment objects and writes the next manifest, then
 * deletes what no manifest needs any more: replaced and trimmed segments, log objects the
 * manifest covers, older manifests. Runs on its own thread when enough is waiting in memory,
 * when the log has grown long, or when something changed and the checkpoint interval passed.
 */
final class Checkpointer {

  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  /** Segments are cut at about this size. */
  static final long SEGMENT_BYTES = 4L << 20;
  /** A stream's last segment smaller than this is rewritten with the next records, not followed by another small one. */
  static final long SMALL_SEGMENT_BYTES = 1L << 20;
  /** A checkpoint starts once the log has this many objects past the last one, bounding recovery. */
  static final long MAX_LOG_OBJECTS = 256;

  private final Blobs main;
  private final Blobs wal;
  private final StoreState state;
  private final SegmentCache cache;
  private final long epoch;
  private final Retrier retrier;
  private final WalWriter.Owner owner;
  private final long memtableLimit;
  private final long intervalNanos;
  private final ScheduledExecutorService thread;
  private final ExecutorService uploads;
  private final AtomicBoolean requested = new AtomicBoolean();

  /** The last manifest this writer wrote (at first, the one it claimed). */
  private volatile Manifest last;
  private volatile long lastRunNanos = System.nanoTime();
  private long serial;

  Checkpointer(Blobs main, Blobs wal, StoreState state, SegmentCache cache, Manifest claimed,
      S3Settings settings, Retrier retrier, WalWriter.Owner owner) {
    this.main = main;
    this.wal = wal;
    this.state = state;
    this.cache = cache;
    this.epoch = claimed.epoch();
    this.last = claimed;
    this.retrier = retrier;
    this.owner = owner;
    this.memtableLimit = settings.memtableBytes();
    this.intervalNanos = settings.checkpointInterval().toNanos();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "s2lite-s3-checkpoint"));
    AtomicInteger n = new AtomicInteger();
    this.uploads = Executors.newFixedThreadPool(4, r -> daemon(r, "s2lite-s3-upload-" + n.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the periodic checks, and a sweep of what crashed writers left behind. */
  void start(long baseWalPosition) {
    Set<String> claimedSegments = last.segmentKeys();
    thread.execute(() -> sweep(claimedSegments, baseWalPosition));
    long tick = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 4));
    thread.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastRunNanos >= intervalNanos) {
        runSafely(false);
      }
    }, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** After log object {@code number} was applied: starts a checkpoint if enough waits. */
  void written(long number) {
    if (state.activeBytes() >= memtableLimit || number + 1 - last.walPosition() >= MAX_LOG_OBJECTS) {
      request();
    }
  }

  private void request() {
    if (requested.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          requested.set(false);
          runSafely(false);
        });
      } catch (RejectedExecutionException e) {
        requested.set(false);
      }
    }
  }

  private void runSafely(boolean force) {
    try {
      checkpoint(force);
    } catch (Fenced | Retrier.StorageLost e) {
      owner.fail(e);
    } catch (RuntimeException e) {
      LOG.error("checkpoint failed", e);
      owner.fail(e);
    }
  }

  /** Runs a checkpoint on the checkpoint thread now and waits for it (tests, clean shutdown). */
  void checkpointNow(boolean force) {
    try {
      thread.submit(() -> checkpoint(force)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      owner.fail(cause);
      throw cause;
    }
  }

  /** @return whether a manifest was written */
  private boolean checkpoint(boolean force) {
    if (owner.failure() != null) {
      return false;
    }
    StoreState.Frozen frozen = state.freeze(force);
    lastRunNanos = System.nanoTime();
    if (frozen == null) {
      return false;
    }
    // Segments are encoded by the upload tasks, so at most a few are on the heap at a time.
    List<PlannedStream> planned = new ArrayList<>(frozen.records().size());
    for (StoreState.FrozenStream fs : frozen.records()) {
      Manifest.StreamIndex index = fs.index();
      if (fs.frozen() == null) {
        planned.add(new PlannedStream(fs, index.segments(), null, List.of()));
        continue;
      }
      List<StoredRecord> fresh = fs.frozen().from(index.head());
      List<SegmentRef> kept = new ArrayList<>(index.segments());
      SegmentRef replaced = null;
      List<Future<SegmentRef>> writes = new ArrayList<>();
      if (!fresh.isEmpty()) {
        SegmentRef tail = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        if (tail != null && tail.endSeq() == fresh.get(0).seqNum() && tail.bytes() < SMALL_SEGMENT_BYTES
            && tail.bytes() + payloadBytes(fresh) <= SEGMENT_BYTES) {
          // The stream's last segment is small: rewrite it with the new records after it.
          replaced = tail;
          kept.remove(kept.size() - 1);
          long from = Math.max(index.head(), tail.firstSeq());
          String key = SegmentRef.key(index.id(), from, epoch, serial++);
          List<StoredRecord> after = fresh;
          writes.add(uploads.submit(() -> upload(key, merge(tail, from, after))));
        } else {
          for (List<StoredRecord> chunk : split(fresh)) {
            String key = SegmentRef.key(index.id(), chunk.get(0).seqNum(), epoch, serial++);
            writes.add(uploads.submit(() -> upload(key, chunk)));
          }
        }
      }
      planned.add(new PlannedStream(fs, kept, replaced, writes));
    }
    List<StoreState.Installed> installed = new ArrayList<>();
    List<Manifest.StreamIndex> indexes = new ArrayList<>(planned.size());
    for (PlannedStream p : planned) {
      Manifest.StreamIndex index = p.stream().index();
      if (p.stream().frozen() == null) {
        indexes.add(index);
        continue;
      }
      List<SegmentRef> added = new ArrayList<>(p.writes().size());
      for (Future<SegmentRef> w : p.writes()) {
        added.add(await(w));
      }
      List<SegmentRef> segments = new ArrayList<>(p.kept());
      segments.addAll(added);
      indexes.add(new Manifest.StreamIndex(index.basin(), index.stream(), index.id(), index.state(),
          index.head(), index.meteredBytes(), segments));
      installed.add(new StoreState.Installed(p.stream().key(), p.stream().owner(), p.replaced(), added));
    }
    Manifest manifest = new Manifest(last.number() + 1, epoch, frozen.walPosition(), frozen.basins(),
        frozen.streams(), indexes);
    byte[] bytes = manifest.encode();
    String key = Manifest.key(manifest.number());
    boolean ours = retrier.call("write " + main.location(key),
        () -> main.putIfAbsent(key, bytes) || Arrays.equals(bytes, main.get(key)));
    if (!ours) {
      throw new Fenced(main.location(key) + " was written by a newer writer (this one is epoch " + epoch + ")");
    }
    state.install(installed);
    Manifest previous = last;
    last = manifest;
    collectGarbage(previous, manifest);
    LOG.debug("checkpoint {}: log up to {}, {} streams", manifest.number(), manifest.walPosition(),
        manifest.records().size());
    return true;
  }

  /** A stream's part of a checkpoint: the segments it keeps, the one it rewrites, and the uploads of the new ones. */
  private record PlannedStream(StoreState.FrozenStream stream, List<SegmentRef> kept, SegmentRef replaced,
      List<Future<SegmentRef>> writes) {}

  /** The records of segment {@code tail} from {@code from} on, then {@code fresh}. */
  private List<StoredRecord> merge(SegmentRef tail, long from, List<StoredRecord> fresh) {
    Segment old = retrier.call("read " + main.location(tail.key()), () -> cache.get(tail));
    List<StoredRecord> merged = new ArrayList<>(old.count() + fresh.size());
    for (int i = (int) (from - tail.firstSeq()); i < old.count(); i++) {
      merged.add(old.record(i));
    }
    merged.addAll(fresh);
    return merged;
  }

  private SegmentRef upload(String key, List<StoredRecord> chunk) {
    byte[] bytes = Segment.encode(chunk);
    retrier.run("write " + main.location(key), () -> main.put(key, bytes));
    // Recent records are the likeliest to be read (readers catching up), and a small segment to
    // be extended by the next checkpoint.
    cache.put(key, Segment.decode(bytes, main.location(key)));
    return ref(key, chunk, bytes.length);
  }

  private static long payloadBytes(List<StoredRecord> records) {
    long bytes = 0;
    for (StoredRecord r : records) {
      bytes += r.payload().length + 28;
    }
    return bytes;
  }

  private static List<List<StoredRecord>> split(List<StoredRecord> records) {
    List<List<StoredRecord>> chunks = new ArrayList<>();
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      bytes += records.get(i).payload().length + 28;
      if (bytes >= SEGMENT_BYTES || i == records.size() - 1) {
        chunks.add(records.subList(from, i + 1));
        from = i + 1;
        bytes = 0;
      }
    }
    return chunks;
  }

  private static SegmentRef ref(String key, List<StoredRecord> chunk, long bytes) {
    long minExpiry = Long.MAX_VALUE;
    long maxExpiry = Long.MIN_VALUE;
    long metered = 0;
    for (StoredRecord r : chunk) {
      minExpiry = Math.min(minExpiry, r.expiresAtMillis());
      maxExpiry = Math.max(maxExpiry, r.expiresAtMillis());
      metered += r.meteredBytes();
    }
    StoredRecord first = chunk.get(0);
    StoredRecord lastRecord = chunk.get(chunk.size() - 1);
    return new SegmentRef(key, first.seqNum(), lastRecord.seqNum() + 1, first.timestamp(),
        lastRecord.timestamp(), minExpiry, maxExpiry, metered, bytes);
  }

  private static SegmentRef await(Future<SegmentRef> write) {
    try {
      return write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Retrier.StorageLost("interrupted while writing segments", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Deletes what {@code previous} needed and {@code current} does not; failures only leave garbage. */
  private void collectGarbage(Manifest previous, Manifest current) {
    try {
      Set<String> dead = previous.segmentKeys();
      dead.removeAll(current.segmentKeys());
      if (!dead.isEmpty()) {
        main.delete(dead);
        dead.forEach(cache::evict);
      }
      List<String> logs = new ArrayList<>();
      for (long n = previous.walPosition(); n < current.walPosition(); n++) {
        logs.add(WalObject.key(n));
      }
      if (!logs.isEmpty()) {
        wal.delete(logs);
      }
      if (current.number() >= 2) {
        main.delete(List.of(Manifest.key(current.number() - 2)));
      }
    } catch (BlobException e) {
      LOG.warn("could not delete unused objects (the next start sweeps them): {}", e.getMessage());
    }
  }

  /**
   * Deletes what writers before this one left: segments no manifest refers to (a checkpoint that
   * crashed or was fenced), log objects and manifests older than the state it started from.
   */
  private void sweep(Set<String> claimedSegments, long baseWalPosition) {
    try {
      List<String> dead = new ArrayList<>();
      for (String key : main.list(SegmentRef.PREFIX)) {
        long writer = SegmentRef.epochOf(key);
        if (writer >= 0 && writer < epoch && !claimedSegments.contains(key)) {
          dead.add(key);
        }
      }
      for (String key : main.list(Manifest.PREFIX)) {
        long number = Manifest.numberOf(key);
        if (number >= 0 && number < epoch - 1) {
          dead.add(key);
        }
      }
      main.delete(dead);
      List<String> logs = new ArrayList<>();
      for (String key : wal.list(WalObject.PREFIX)) {
        long number = WalObject.numberOf(key);
        if (number >= 0 && number < baseWalPosition) {
          logs.add(key);
        }
      }
      wal.delete(logs);
      if (!dead.isEmpty() || !logs.isEmpty()) {
        LOG.info("deleted {} objects left over by earlier runs", dead.size() + logs.size());
      }
    } catch (BlobException e) {
      if (!Thread.currentThread().isInterrupted()) {
        LOG.warn("could not sweep objects left over by earlier runs: {}", e.getMessage());
      }
    }
  }

  /** Stops; with {@code finalCheckpoint}, first writes what is in memory (a clean shutdown). */
  void stop(boolean finalCheckpoint) {
    if (finalCheckpoint && owner.failure() == null) {
      try {
        checkpointNow(false);
      } catch (RuntimeException e) {
        LOG.warn("final checkpoint failed (the log still has everything): {}", e.getMessage());
      }
    }
    thread.shutdownNow();
    uploads.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
      uploads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The set of segment keys the last manifest refers to (tests). */
  Set<String> segmentKeys() {
    return new HashSet<>(last.segmentKeys());
  }
}
