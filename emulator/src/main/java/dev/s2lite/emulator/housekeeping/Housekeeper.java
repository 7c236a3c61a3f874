package dev.s2lite.emulator.housekeeping;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.StreamEngine;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamMeta;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of the emulator, driven by the server's clock: deleting trimmed and
 * expired records, finishing stream and basin deletions, and delete-on-empty. It runs when woken
 * (a delete was accepted, a trim point moved) and every {@code period}; with a period of zero it
 * runs only when a test calls {@link #runOnce()}, so intermediate states can be observed.
 * Delete-on-empty checks run only in the periodic (or manual) passes, as s2-lite runs them in its
 * ~60 s sweep.
 */
public final class Housekeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private static final int PAGE = 1000;
  /** How soon a delete-on-empty stream that is not yet eligible is checked again, at the earliest (lite). */
  static final long DOE_RETRY_MILLIS = 600_000;

  private final Store store;
  private final Engines engines;
  private final Clock clock;
  private final Lock metadataLock;
  private final ScheduledExecutorService executor;
  private final Duration period;
  private final DeleteOnEmptySchedule deleteOnEmpty = new DeleteOnEmptySchedule();
  private final HeapReturn heapReturn;
  /** How often a collection waiting for the server to be idle looks again. */
  private static final long HEAP_RETURN_RETRY_MILLIS = 2_000;
  private boolean heapReturnScheduled;
  /** Per stream incarnation: the trim point whose records were last deleted. */
  private final Map<DeleteOnEmptySchedule.Key, Long> cleanedTrimPoints = new ConcurrentHashMap<>();

  public Housekeeper(Store store, Engines engines, Clock clock, Lock metadataLock, Duration period) {
    this(store, engines, clock, metadataLock, period, new HeapReturn(() -> false, () -> {}));
  }

  /** @param heapReturn told what the housekeeping frees, so memory goes back to the OS when idle */
  public Housekeeper(Store store, Engines engines, Clock clock, Lock metadataLock, Duration period,
      HeapReturn heapReturn) {
    this.heapReturn = heapReturn;
    this.store = store;
    this.engines = engines;
    this.clock = clock;
    this.metadataLock = metadataLock;
    this.period = period;
    this.executor = period.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "s2lite-housekeeper");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    if (executor != null) {
      executor.scheduleWithFixedDelay(
          () -> runSafely(true), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Asks for a pass soon (without delete-on-empty checks); nothing happens in manual mode. */
  public void wake() {
    if (executor != null && !executor.isShutdown()) {
      executor.execute(() -> runSafely(false));
    }
  }

  // --- delete-on-empty scheduling, told by the control plane ---

  /** A stream was created (by any route): with delete-on-empty it is first checked {@code min_age} from now. */
  public void streamCreated(StreamMeta stream) {
    deleteOnEmpty.created(stream, clock.millis());
  }

  /** A stream's config changed: enabling delete-on-empty or changing its age checks it at the next sweep. */
  public void streamReconfigured(StreamMeta before, StreamMeta after) {
    deleteOnEmpty.reconfigured(before, after, clock.millis());
  }

  /** Forgets all schedules (the store was cleared). */
  public void reset() {
    deleteOnEmpty.clear();
    cleanedTrimPoints.clear();
  }

  private void runSafely(boolean withDeleteOnEmpty) {
    try {
      pass(withDeleteOnEmpty);
    } catch (RuntimeException e) {
      LOG.error("housekeeping pass failed", e);
    }
  }

  /** One full pass over every basin and stream, with the delete-on-empty checks that are due. */
  public void runOnce() {
    pass(true);
  }

  private synchronized void pass(boolean withDeleteOnEmpty) {
    String after = "";
    while (true) {
      List<BasinMeta> page = store.basins("", after, PAGE);
      for (BasinMeta basin : page) {
        houseKeep(basin);
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).name();
    }
    if (withDeleteOnEmpty) {
      runDeleteOnEmptyChecks();
    }
    if (!heapReturn.collectIfDue() && heapReturn.isPending()) {
      retryHeapReturnSoon();
    }
  }

  /** A collection waits for the server to be idle: look again shortly rather than a period later. */
  private void retryHeapReturnSoon() {
    if (executor == null || executor.isShutdown() || heapReturnScheduled) {
      return;
    }
    heapReturnScheduled = true;
    executor.schedule(() -> {
      synchronized (this) {
        heapReturnScheduled = false;
        if (!heapReturn.collectIfDue() && heapReturn.isPending()) {
          retryHeapReturnSoon();
        }
      }
    }, HEAP_RETURN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void houseKeep(BasinMeta basin) {
    String after = "";
    boolean anyLeft = false;
    while (true) {
      List<StreamMeta> page = store.streams(basin.name(), "", after, PAGE);
      for (StreamMeta stream : page) {
        if (stream.isDeleting() || basin.isDeleting()) {
          remove(stream);
        } else {
          cleanUp(stream);
          anyLeft = true;
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).name();
    }
    if (basin.isDeleting() && !anyLeft) {
      metadataLock.lock();
      try {
        if (store.streams(basin.name(), "", "", 1).isEmpty()) {
          store.removeBasin(basin.name());
          LOG.info("basin {} deleted", basin.name());
        }
      } finally {
        metadataLock.unlock();
      }
    }
  }

  /** Deletes trimmed and expired records; a finished trim cleanup wakes delete-on-empty. */
  private void cleanUp(StreamMeta stream) {
    long now = clock.millis();
    RecordsState state = store.recordsState(stream.basin(), stream.name());
    long footprint = store.recordsFootprint(stream.basin(), stream.name());
    store.deleteRecords(stream.basin(), stream.name(), state.trimPoint(), now);
    heapReturn.freed(footprint - store.recordsFootprint(stream.basin(), stream.name()));
    DeleteOnEmptySchedule.Key key = new DeleteOnEmptySchedule.Key(stream.basin(), stream.name());
    Long cleaned = cleanedTrimPoints.put(key, state.trimPoint());
    if (state.trimPoint() != 0 && (cleaned == null || cleaned != state.trimPoint())) {
      boolean recordsRemain = store.liveRecordCount(stream.basin(), stream.name(), now) > 0;
      deleteOnEmpty.trimCleanedUp(stream, recordsRemain, now);
    }
  }

  /** LITE-0.43 §5: each due check parks the stream, checks it again later, or deletes it. */
  private void runDeleteOnEmptyChecks() {
    long now = clock.millis();
    for (var due : deleteOnEmpty.due(now)) {
      DeleteOnEmptySchedule.Key key = due.getKey();
      StreamMeta stream = store.stream(key.basin(), key.stream()).orElse(null);
      if (stream == null || !stream.createdAt().equals(due.getValue().generation()) || stream.isDeleting()
          || stream.config().deleteOnEmptyMinAgeSecs() == null || stream.config().deleteOnEmptyMinAgeSecs() <= 0) {
        deleteOnEmpty.handled(key, due.getValue());
        continue;
      }
      long minAge = stream.config().deleteOnEmptyMinAgeSecs() * 1000;
      StreamEngine engine = engines.engine(stream);
      long lastWrite = engine.lastAppendMillis();
      long notBefore = Math.max(now + DOE_RETRY_MILLIS,
          lastWrite == Long.MIN_VALUE ? Long.MIN_VALUE : lastWrite + minAge);
      long expiry = newestLiveRecordExpiry(stream, now);
      if (expiry == Long.MAX_VALUE) {
        deleteOnEmpty.park(stream);
      } else if (expiry >= 0) {
        deleteOnEmpty.schedule(stream, Math.max(notBefore, ceilToSecond(expiry)));
      } else if (engine.deleteIfIdleAndEmpty(minAge, now)) {
        // As a DELETE: the stream is marked deleted once its terminal trim is durable.
        Engines.awaitDurable(engine.terminalTrim());
        markDeleted(stream);
        remove(stream);
        LOG.info("stream {} in basin {} deleted on empty", stream.name(), stream.basin());
      } else {
        deleteOnEmpty.schedule(stream, notBefore);
      }
    }
  }

  /** When the newest record that has not expired expires ({@link Long#MAX_VALUE}: never), or -1 if none is left. */
  private long newestLiveRecordExpiry(StreamMeta stream, long now) {
    if (store.liveRecordCount(stream.basin(), stream.name(), now) == 0) {
      return -1;
    }
    RecordsState state = store.recordsState(stream.basin(), stream.name());
    ReadBounds one = new ReadBounds(1, Long.MAX_VALUE, -1L);
    for (long seq = state.nextSeqNum() - 1; seq >= 0 && Long.compareUnsigned(seq, state.trimPoint()) >= 0; seq--) {
      List<StoredRecord> found = store.readRecords(stream.basin(), stream.name(), seq, one, now);
      if (!found.isEmpty() && found.get(0).seqNum() == seq) {
        return found.get(0).expiresAtMillis();
      }
    }
    return -1;
  }

  private static long ceilToSecond(long millis) {
    return millis % 1000 == 0 ? millis : (millis / 1000 + 1) * 1000;
  }

  private void markDeleted(StreamMeta stream) {
    metadataLock.lock();
    try {
      store.stream(stream.basin(), stream.name()).ifPresent(current -> {
        if (current.createdAt().equals(stream.createdAt()) && !current.isDeleting()) {
          store.putStream(current.deletedAt(clock.instant()));
        }
      });
    } finally {
      metadataLock.unlock();
    }
  }

  private void remove(StreamMeta stream) {
    metadataLock.lock();
    try {
      StreamMeta current = store.stream(stream.basin(), stream.name()).orElse(null);
      if (current != null && current.createdAt().equals(stream.createdAt())) {
        heapReturn.freed(store.recordsFootprint(stream.basin(), stream.name()));
        store.removeStream(stream.basin(), stream.name());
        engines.remove(stream.basin(), stream.name());
        deleteOnEmpty.remove(stream.basin(), stream.name());
        cleanedTrimPoints.remove(new DeleteOnEmptySchedule.Key(stream.basin(), stream.name()));
      }
    } finally {
      metadataLock.unlock();
    }
    LOG.debug("stream {} in basin {} deleted", stream.name(), stream.basin());
  }

  /** Stops the periodic work; waits a little for a pass that is running, so it does not outlive the store. */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
