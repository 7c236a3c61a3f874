package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.stream.StreamMeta;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live {@link StreamEngine}s, one per existing stream, created on first use from the
 * store's state. A stream recreated under the same name gets a new engine.
 */
public final class Engines {

  private final Store store;
  private final Clock clock;
  private final Runnable onTrim;
  /** Bytes every stream together keeps of its recent records for live readers. */
  static final long RECENT_RECORDS_BUDGET = 256L << 20;

  private final Map<Key, StreamEngine> engines = new ConcurrentHashMap<>();
  private final AtomicLong recentBytes = new AtomicLong();

  private record Key(String basin, String stream) {}

  private final Map<Key, Instant> generations = new ConcurrentHashMap<>();

  /** @param onTrim run when a trim point moved, so the trimmed records get deleted soon */
  public Engines(Store store, Clock clock, Runnable onTrim) {
    this.store = store;
    this.clock = clock;
    this.onTrim = onTrim;
  }

  /** The engine of an existing stream. */
  public StreamEngine engine(StreamMeta meta) {
    Key key = new Key(meta.basin(), meta.name());
    return engines.compute(key, (k, existing) -> {
      // Stale metadata (the stream was recreated meanwhile) never replaces a newer engine; an
      // engine the store failed is replaced, and the new one starts from what is durable.
      if (existing != null && !meta.createdAt().isAfter(generations.get(k)) && !existing.isBroken()) {
        return existing;
      }
      if (existing != null) {
        existing.close();
      }
      generations.put(k, meta.createdAt());
      return new StreamEngine(store, clock, meta, onTrim,
          new RecentRecords(recentBytes, RECENT_RECORDS_BUDGET));
    });
  }

  /**
   * Waits for a store write the engine handed over (a terminal trim); a store failure is
   * {@code 500 storage}.
   */
  public static void awaitDurable(CompletableFuture<?> write) {
    try {
      write.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof S2Error s2 ? s2 : S2Error.storage("database: " + e.getCause().getMessage());
    }
  }

  /** Shuts down and forgets the engine of a stream that is gone. */
  public void remove(String basin, String stream) {
    Key key = new Key(basin, stream);
    StreamEngine engine = engines.remove(key);
    generations.remove(key);
    if (engine != null) {
      engine.close();
    }
  }

  /** Shuts down every engine (the store was cleared). */
  public void clear() {
    for (Key key : engines.keySet()) {
      remove(key.basin(), key.stream());
    }
  }
}
