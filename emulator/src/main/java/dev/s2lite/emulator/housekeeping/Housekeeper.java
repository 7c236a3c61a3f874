package dev.s2lite.emulator.housekeeping;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.stream.StreamMeta;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of the emulator, driven by the server's clock: deleting trimmed and
 * expired records, delete-on-empty, and finishing stream and basin deletions. It runs when woken
 * (a delete was accepted, a trim point moved) and every {@code period}; with a period of zero it
 * runs only when a test calls {@link #runOnce()}, so intermediate states can be observed.
 */
public final class Housekeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private static final int PAGE = 1000;

  private final Store store;
  private final Engines engines;
  private final Clock clock;
  private final Lock metadataLock;
  private final ScheduledExecutorService executor;
  private final Duration period;

  public Housekeeper(Store store, Engines engines, Clock clock, Lock metadataLock, Duration period) {
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
          this::runSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Asks for a pass soon; nothing happens in manual mode. */
  public void wake() {
    if (executor != null && !executor.isShutdown()) {
      executor.execute(this::runSafely);
    }
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.error("housekeeping pass failed", e);
    }
  }

  /** One full pass over every basin and stream. */
  public synchronized void runOnce() {
    String after = "";
    while (true) {
      List<BasinMeta> page = store.basins("", after, PAGE);
      for (BasinMeta basin : page) {
        houseKeep(basin);
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).name();
    }
  }

  private void houseKeep(BasinMeta basin) {
    String after = "";
    boolean anyLeft = false;
    while (true) {
      List<StreamMeta> page = store.streams(basin.name(), "", after, PAGE);
      for (StreamMeta stream : page) {
        if (stream.isDeleting() || basin.isDeleting() || !keep(stream)) {
          remove(stream);
        } else {
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

  /** Deletes trimmed and expired records; false when delete-on-empty decided to delete the stream. */
  private boolean keep(StreamMeta stream) {
    long now = clock.millis();
    RecordsState state = store.recordsState(stream.basin(), stream.name());
    store.deleteRecords(stream.basin(), stream.name(), state.trimPoint(), now);
    long live = store.liveRecordCount(stream.basin(), stream.name(), now);
    boolean trimEmptied = state.trimPoint() != 0 && state.trimPoint() == state.nextSeqNum() && live == 0;
    if (stream.config().deleteOnEmptyMinAgeSecs() == null
        || stream.config().deleteOnEmptyMinAgeSecs() <= 0) {
      return true;
    }
    if (!engines.engine(stream).deleteIfEmptyDue(stream.config(), now, trimEmptied)) {
      return true;
    }
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
    LOG.debug("stream {} in basin {} deleted on empty", stream.name(), stream.basin());
    return false;
  }

  private void remove(StreamMeta stream) {
    metadataLock.lock();
    try {
      StreamMeta current = store.stream(stream.basin(), stream.name()).orElse(null);
      if (current != null && current.createdAt().equals(stream.createdAt())) {
        store.removeStream(stream.basin(), stream.name());
        engines.remove(stream.basin(), stream.name());
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
