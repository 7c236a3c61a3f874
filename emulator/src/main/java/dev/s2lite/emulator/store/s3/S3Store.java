package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.store.s3.StoreState.StreamKey;
import dev.s2lite.emulator.stream.StreamMeta;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in an S3-compatible bucket ({@code --bucket NAME --path PREFIX}): durable before an
 * append or a metadata change is acknowledged, recovered exactly after a crash, with only a
 * bounded cache on the heap.
 *
 * <p>Layout under the path: {@code wal/N.wal}, the write-ahead log, one object per group commit
 * (in another bucket or a local directory when {@link S3Settings#wal()} says so);
 * {@code segments/ID/...}, each stream's records in runs of a few MiB; {@code manifest/N.manifest},
 * numbered checkpoints of everything, pointing at the segments and at the log position they cover.
 * Opening the store reads the newest manifest and replays the log after it.
 *
 * <p>Single writer: log objects and manifests are written only if absent ({@code If-None-Match:
 * *}). A new writer claims the next manifest number and the next log number, so the previous
 * writer's next write fails; it then stops (every call answers {@code 500 storage}, as s2-lite's
 * fenced server does) and logs why.
 *
 * <pre>{@code
 * try (S3Store store = S3Store.open(S3Settings.builder("my-bucket").path("dev").build())) {
 *   store.putBasin(basin); // durable when it returns
 * }
 * }</pre>
 */
public final class S3Store implements Store, WalWriter.Owner {

  private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
  /** Attempts at claiming the next manifest number before giving up (another writer keeps winning). */
  private static final int CLAIM_ATTEMPTS = 20;

  private final S3Settings settings;
  private final Blobs main;
  private final Blobs wal;
  private final StoreState state;
  private final SegmentCache cache;
  private final long epoch;
  private final WalWriter writer;
  private final Checkpointer checkpointer;
  private volatile S2Error failure;
  private volatile boolean fenced;
  private volatile boolean closed;

  private S3Store(S3Settings settings, Blobs main, Blobs wal, Recovered recovered) {
    this.settings = settings;
    this.main = main;
    this.wal = wal;
    this.state = recovered.state();
    this.cache = recovered.cache();
    this.epoch = recovered.claimed().epoch();
    Retrier retrier = new Retrier(settings.retryTimeout());
    this.writer = new WalWriter(wal, state, epoch, recovered.nextLogNumber(), settings.flushInterval(),
        settings.memtableBytes(), retrier, this);
    this.checkpointer = new Checkpointer(main, wal, state, recovered.cache(), recovered.claimed(), settings,
        retrier, this);
  }

  /**
   * Opens the store on the bucket and path: claims them (fencing out any earlier writer),
   * recovers what was acknowledged, and starts writing.
   *
   * @throws IllegalStateException with a one-line reason when the bucket cannot be reached or
   *     used, holds data this emulator did not write, or another writer took over meanwhile
   */
  public static S3Store open(S3Settings settings) {
    long started = System.nanoTime();
    Blobs main = null;
    Blobs wal = null;
    try {
      main = S3Blobs.open(settings.aws(), settings.bucket(), settings.path());
      if (settings.wal() instanceof WalLocation.Bucket b) {
        wal = S3Blobs.open(b.aws(), b.name(), settings.path());
      } else if (settings.wal() instanceof WalLocation.LocalDirectory d) {
        wal = new LocalBlobs(settings.path().isEmpty() ? d.root() : d.root().resolve(settings.path()));
      } else {
        wal = main;
      }
      requireConditionalWrites(main);
      if (wal != main) {
        requireConditionalWrites(wal);
      }
      Recovered recovered = recover(settings, main, wal);
      S3Store store = new S3Store(settings, main, wal, recovered);
      store.writer.start();
      store.checkpointer.start(recovered.baseWalPosition());
      LOG.info("s3 store {} open as writer {} in {} ms: {} log objects replayed{}", settings.location(),
          store.epoch, (System.nanoTime() - started) / 1_000_000, recovered.replayed(),
          wal == main ? "" : ", log at " + wal.location(WalObject.PREFIX));
      return store;
    } catch (BlobException | CorruptObjectException | Fenced | Retrier.StorageLost e) {
      closeQuietly(main, wal);
      throw new IllegalStateException("cannot open the store at " + settings.location() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(main, wal);
      throw e;
    }
  }

  private static void closeQuietly(Blobs main, Blobs wal) {
    if (wal != null && wal != main) {
      wal.close();
    }
    if (main != null) {
      main.close();
    }
  }

  /**
   * Single-writer fencing rests on "write only if absent": refuses a server that ignores it
   * (some S3-compatible servers accept {@code If-None-Match} and overwrite anyway).
   */
  private static void requireConditionalWrites(Blobs blobs) {
    String probe = "writer-check/" + UUID.randomUUID();
    // Fails first on a missing bucket, refused credentials...: that is the one line to report.
    if (!blobs.putIfAbsent(probe, "first".getBytes(StandardCharsets.UTF_8))) {
      throw new BlobException("cannot write the probe object " + blobs.location(probe), null);
    }
    try {
      if (blobs.putIfAbsent(probe, "second".getBytes(StandardCharsets.UTF_8))) {
        throw new BlobException("the object store ignores conditional writes (If-None-Match: *),"
            + " which keep two emulators from corrupting one bucket; use a server that supports them", null);
      }
    } finally {
      blobs.delete(List.of(probe));
    }
  }

  private record Recovered(StoreState state, SegmentCache cache, Manifest claimed, long baseWalPosition,
      long nextLogNumber, int replayed) {}

  private static Recovered recover(S3Settings settings, Blobs main, Blobs wal) {
    Manifest base = null;
    Manifest claimed = null;
    for (int attempt = 0; claimed == null; attempt++) {
      if (attempt == CLAIM_ATTEMPTS) {
        throw new Fenced("another writer keeps claiming " + settings.location() + " (gave up after "
            + CLAIM_ATTEMPTS + " attempts)");
      }
      long latest = -1;
      for (String key : main.list(Manifest.PREFIX)) {
        latest = Math.max(latest, Manifest.numberOf(key));
      }
      if (latest < 0) {
        base = Manifest.empty();
      } else {
        byte[] bytes = main.get(Manifest.key(latest));
        if (bytes == null) {
          continue;
        }
        base = Manifest.decode(bytes, main.location(Manifest.key(latest)));
      }
      Manifest candidate = base.renumbered(latest + 1, latest + 1);
      if (main.putIfAbsent(Manifest.key(candidate.number()), candidate.encode())) {
        claimed = candidate;
      }
    }
    long epoch = claimed.epoch();
    SegmentCache cache = new SegmentCache(main, settings.cacheBytes());
    StoreState state = new StoreState(cache, base);

    // Replay the log from the manifest's position to the first missing object (nothing after it
    // was acknowledged), fetching a few objects ahead; then claim that number, replaying the
    // objects an older writer still writing may have added meanwhile.
    TreeSet<Long> listed = new TreeSet<>();
    for (String key : wal.list(WalObject.PREFIX)) {
      long n = WalObject.numberOf(key);
      if (n >= base.walPosition()) {
        listed.add(n);
      }
    }
    ExecutorService fetchers = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "s2lite-s3-recovery");
      t.setDaemon(true);
      return t;
    });
    long next = base.walPosition();
    int replayed = 0;
    try {
      Map<Long, Future<byte[]>> ahead = new HashMap<>();
      Iterator<Long> toFetch = listed.iterator();
      while (listed.contains(next)) {
        while (ahead.size() < 16 && toFetch.hasNext()) {
          long n = toFetch.next();
          if (n >= next) {
            ahead.put(n, fetchers.submit(() -> wal.get(WalObject.key(n))));
          }
        }
        Future<byte[]> fetch = ahead.remove(next);
        byte[] bytes = fetch == null ? wal.get(WalObject.key(next)) : await(fetch);
        if (bytes == null) {
          break;
        }
        long number = next;
        next = replay(state, WalObject.decode(bytes, wal.location(WalObject.key(number))), number, epoch);
        replayed++;
        ahead.keySet().removeIf(n -> n < number);
      }
    } finally {
      fetchers.shutdownNow();
    }
    while (!wal.putIfAbsent(WalObject.key(next), WalObject.claim(epoch, next).encode())) {
      byte[] bytes = wal.get(WalObject.key(next));
      if (bytes != null) {
        next = replay(state, WalObject.decode(bytes, wal.location(WalObject.key(next))), next, epoch);
        replayed++;
      }
    }
    long claim = next;
    state.apply(claim, List.of(), claim + WalObject.WINDOW);
    return new Recovered(state, cache, claimed, base.walPosition(), claim + WalObject.WINDOW, replayed);
  }

  /** Applies a log object met at recovery; returns the number of the one that follows it. */
  private static long replay(StoreState state, WalObject object, long number, long epoch) {
    if (object.number() != number) {
      throw new CorruptObjectException(WalObject.key(number), "holds log object " + object.number());
    }
    if (object.epoch() > epoch) {
      throw new Fenced("a newer writer (epoch " + object.epoch() + ") took over while this one was starting");
    }
    state.apply(number, object.entries(), object.next());
    return object.next();
  }

  private static byte[] await(Future<byte[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobException("interrupted while reading the log", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new BlobException("cannot read the log: " + e.getCause(), e.getCause());
    }
  }

  // --- failure ---

  @Override
  public S2Error failure() {
    S2Error f = failure;
    return f == null ? null : S2Error.storage(f.getMessage());
  }

  @Override
  public Optional<String> unavailable() {
    S2Error f = failure;
    return f == null ? Optional.empty() : Optional.of(fenced ? "Fenced" : f.getMessage());
  }

  @Override
  public void fail(RuntimeException cause) {
    synchronized (this) {
      if (failure != null || closed) {
        return;
      }
      if (cause instanceof Fenced) {
        fenced = true;
        failure = S2Error.storage("database: fenced: a newer emulator took over " + settings.location());
        LOG.error("fenced: another emulator took over {} ({}); this one no longer writes there,"
            + " every storage operation now answers 500 storage", settings.location(), cause.getMessage());
      } else {
        failure = S2Error.storage("database: storage lost: " + cause.getMessage());
        LOG.error("the store at {} stopped: {}; every storage operation now answers 500 storage,"
            + " restart to recover what was acknowledged", settings.location(), cause.getMessage());
      }
    }
    writer.failAll(failure());
  }

  @Override
  public void written(long number) {
    checkpointer.written(number);
  }

  private void ensureUsable() {
    S2Error f = failure;
    if (f != null) {
      throw S2Error.storage(f.getMessage());
    }
    if (closed) {
      throw S2Error.storage("database: the store is closed");
    }
  }

  /** Runs a read, answering storage trouble as {@code 500 storage}. */
  private <T> T reading(Supplier<T> read) {
    ensureUsable();
    try {
      return read.get();
    } catch (BlobException | CorruptObjectException e) {
      throw S2Error.storage("database: " + e.getMessage());
    }
  }

  /** Hands a metadata change to the log and waits until it is durable and applied. */
  private void change(WalEntry entry) {
    ensureUsable();
    try {
      writer.submit(entry).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof S2Error s2 ? s2 : S2Error.storage("database: " + e.getCause().getMessage());
    }
  }

  // --- metadata ---

  @Override
  public Optional<BasinMeta> basin(String name) {
    ensureUsable();
    return state.basin(name);
  }

  @Override
  public List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    ensureUsable();
    return state.basins(prefix, startAfter, limit);
  }

  @Override
  public void putBasin(BasinMeta basin) {
    change(new WalEntry.PutBasin(basin));
  }

  @Override
  public void removeBasin(String name) {
    change(new WalEntry.RemoveBasin(name));
  }

  @Override
  public Optional<StreamMeta> stream(String basin, String name) {
    ensureUsable();
    return state.stream(basin, name);
  }

  @Override
  public List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    ensureUsable();
    return state.streams(basin, prefix, startAfter, limit);
  }

  @Override
  public void putStream(StreamMeta stream) {
    change(new WalEntry.PutStream(stream));
  }

  @Override
  public void removeStream(String basin, String name) {
    change(new WalEntry.RemoveStream(basin, name));
  }

  // --- records ---

  @Override
  public RecordsState recordsState(String basin, String stream) {
    ensureUsable();
    return state.recordsState(new StreamKey(basin, stream));
  }

  @Override
  public CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after) {
    S2Error f = failure();
    if (f != null) {
      return CompletableFuture.failedFuture(f);
    }
    return writer.append(new StreamKey(basin, stream), List.copyOf(records), after);
  }

  @Override
  public List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis) {
    return reading(() -> state.read(new StreamKey(basin, stream), fromSeqNum, bounds, nowMillis));
  }

  @Override
  public long seqNumAtOrAfter(String basin, String stream, long timestamp) {
    return reading(() -> state.seqNumAtOrAfter(new StreamKey(basin, stream), timestamp));
  }

  @Override
  public long liveRecordCount(String basin, String stream, long nowMillis) {
    return reading(() -> state.liveCount(new StreamKey(basin, stream), nowMillis));
  }

  @Override
  public void deleteRecords(String basin, String stream, long seqNum, long nowMillis) {
    reading(() -> {
      state.deleteRecords(new StreamKey(basin, stream), seqNum, nowMillis);
      return null;
    });
  }

  @Override
  public long meteredBytes(String basin, String stream) {
    ensureUsable();
    return state.meteredBytes(new StreamKey(basin, stream));
  }

  @Override
  public long recordsFootprint(String basin, String stream) {
    return state.footprint(new StreamKey(basin, stream));
  }

  @Override
  public void clear() {
    change(new WalEntry.Clear());
  }

  // --- lifecycle ---

  /** Writes a checkpoint now, even if nothing changed (tests, benchmarks). */
  void checkpoint() {
    ensureUsable();
    checkpointer.checkpointNow(true);
    if (failure != null) {
      ensureUsable();
    }
  }

  /** Segment keys the last manifest refers to (tests). */
  Set<String> segmentKeys() {
    return checkpointer.segmentKeys();
  }

  /** This writer's epoch: the manifest number it claimed at start. */
  long epoch() {
    return epoch;
  }

  /**
   * Writes what is queued, checkpoints what is in memory (so the next start replays little), and
   * releases the connections. The data stays in the bucket.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    writer.drainAndStop();
    synchronized (this) {
      closed = true;
    }
    checkpointer.stop(failure == null);
    writer.closeAcks();
    cache.close();
    closeQuietly(main, wal);
    LOG.info("s3 store {} closed", settings.location());
  }

  /** Stops as a crash would: no queued write, no final checkpoint (recovery tests). */
  void halt() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writer.halt();
    checkpointer.stop(false);
    writer.closeAcks();
    cache.close();
    closeQuietly(main, wal);
  }
}
