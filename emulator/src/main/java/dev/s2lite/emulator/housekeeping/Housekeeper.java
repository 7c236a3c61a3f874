package dev.s2lite.emulator.housekeeping;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.stream.StreamMeta;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of the emulator: finishing stream and basin deletions. It runs when woken
 * (a delete was accepted) and every {@code period}; with a period of zero it runs only when a
 * test calls {@link #runOnce()}, so the "being deleted" states can be observed at leisure.
 */
public final class Housekeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private static final int PAGE = 1000;

  private final Store store;
  private final Lock metadataLock;
  private final Duration period;
  private final ScheduledExecutorService executor;

  public Housekeeper(Store store, Lock metadataLock, Duration period) {
    this.store = store;
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

  /** Asks for a pass soon (a deletion was accepted); nothing happens in manual mode. */
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

  /** One full pass: removes deleted streams, then deletes the streams and records of deleted basins. */
  public synchronized void runOnce() {
    String after = "";
    while (true) {
      List<BasinMeta> page = store.basins("", after, PAGE);
      for (BasinMeta basin : page) {
        finishStreamDeletions(basin);
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.get(page.size() - 1).name();
    }
  }

  private void finishStreamDeletions(BasinMeta basin) {
    String after = "";
    boolean anyLeft = false;
    while (true) {
      List<StreamMeta> page = store.streams(basin.name(), "", after, PAGE);
      for (StreamMeta stream : page) {
        if (stream.isDeleting() || basin.isDeleting()) {
          store.removeStream(stream.basin(), stream.name());
          LOG.debug("stream {} in basin {} deleted", stream.name(), stream.basin());
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

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
