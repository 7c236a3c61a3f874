package dev.s2lite.emulator.store.h2;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the one thread that writes to the MVStore. It takes every operation submitted
 * since its last flush (at most one flush per flush interval), applies them in submission order
 * and commits them (written to the file); a second thread fsyncs, once for every group committed
 * meanwhile, and only then are those groups durable: readers see them and their futures
 * complete, in order, on a third thread. So the next group is applied and written while the
 * previous one is being fsync'ed and its writers answered. A failed commit or fsync fails its
 * groups and every later operation: what is durable is then the last fsync'ed commit, which the
 * next start recovers.
 *
 * <p>The committer also gives back disk space while the store runs: every {@link
 * #COMPACT_INTERVAL}, in a group of its own or in the group it is flushing, it moves the live
 * pages of sparse chunks (at most half live) into that group's chunk (a bounded amount per pass), so old chunks die
 * and H2 writes new chunks over them once they are older than the retention time. Moved pages
 * are committed and fsync'ed like any write; the old copies stay until then.
 */
final class Committer {

  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

  /** One write; {@link #apply} runs on the committer thread, {@link #durable} after its commit. */
  abstract static class Op<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** What the future completes with. */
    T value;

    abstract void apply();

    /** Runs on the committer thread once the group is durable, before any future completes. */
    void durable() {}
  }

  private static final Op<Void> STOP = new Op<>() {
    @Override
    void apply() {}
  };

  /** How often the committer compacts (moves live pages out of sparse chunks). */
  static final long COMPACT_INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);
  /** Chunks with at most this share (percent) of their bytes live are compacted. */
  static final int COMPACT_FILL_RATE = 50;
  /** Bytes of live pages one pass moves at most, so a pass delays a group by a few ms only. */
  static final int COMPACT_WRITE_BYTES = 2 << 20;

  private final MVStore mv;
  private final NewestChunkFileStore fileStore;
  private final long intervalNanos;
  private final String name;
  private final LinkedBlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>();
  private final ExecutorService acks;
  private final Thread thread;
  private final Thread syncer;
  /** Groups committed and waiting for an fsync; an empty list asks the syncer to stop. */
  private final LinkedBlockingQueue<List<Op<?>>> committed = new LinkedBlockingQueue<>();
  private final List<CompletableFuture<Void>> settledWaiters = new ArrayList<>();
  private volatile RuntimeException failure;
  private volatile boolean stopping;
  /** Set by {@link #halt}: the threads stop before their next write or fsync. */
  private volatile boolean halted;
  private long lastFlushNanos;
  private long lastCompactNanos;
  /** Whether a group changed the store, or the last compaction moved pages, since it last ran. */
  private boolean compactionWanted;

  Committer(MVStore mv, NewestChunkFileStore fileStore, Duration flushInterval, String name) {
    this.mv = mv;
    this.fileStore = fileStore;
    this.intervalNanos = flushInterval.toNanos();
    this.name = name;
    this.acks = Executors.newSingleThreadExecutor(r -> daemon(r, "s2lite-h2-acks"));
    this.thread = daemon(this::run, "s2lite-h2-commit");
    this.syncer = daemon(this::sync, "s2lite-h2-fsync");
    this.lastFlushNanos = System.nanoTime() - intervalNanos;
    thread.start();
    syncer.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Queues an operation for the next group; its future completes once it is durable. */
  <T> CompletableFuture<T> submit(Op<T> op) {
    synchronized (this) {
      RuntimeException failed = failure;
      if (failed != null) {
        op.future.completeExceptionally(failed);
      } else if (stopping) {
        op.future.completeExceptionally(H2Store.storageError("the store is closed"));
      } else {
        queue.add(op);
      }
    }
    return op.future;
  }

  private void run() {
    List<Op<?>> group = new ArrayList<>();
    while (true) {
      Op<?> first;
      try {
        first = queue.poll(COMPACT_INTERVAL, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        if (!compactionWanted) {
          completeSettled();
        }
        if (!compactionDue()) {
          continue;
        }
        // Idle: compaction in a group of its own, so space is given back when nothing is written.
        first = new Op<Void>() {
          @Override
          void apply() {}
        };
      }
      for (long wait = lastFlushNanos + intervalNanos - System.nanoTime(); wait > 0;
          wait = lastFlushNanos + intervalNanos - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (halted) {
        return;
      }
      group.add(first);
      queue.drainTo(group);
      lastFlushNanos = System.nanoTime();
      boolean stop = group.remove(STOP);
      flush(group);
      group = new ArrayList<>();
      if (stop) {
        committed.add(List.of());
        return;
      }
    }
  }

  /** Applies and commits a group (written, not yet fsync'ed) and hands it to the syncer. */
  private void flush(List<Op<?>> group) {
    if (failure != null) {
      group.forEach(op -> op.future.completeExceptionally(failure));
      return;
    }
    try {
      for (Op<?> op : group) {
        op.apply();
      }
      compactionWanted |= mv.hasUnsavedChanges();
      if (compactionDue()) {
        lastCompactNanos = System.nanoTime();
        // Moved pages land in this group's chunk: durable, and acknowledged, with it.
        compactionWanted = fileStore.compactSparseChunks(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
      }
      if (mv.hasUnsavedChanges()) {
        mv.commit();
        fileStore.nameNewestChunkInHeader();
      }
    } catch (RuntimeException | Error e) {
      fail(group, e);
      return;
    }
    if (!group.isEmpty()) {
      committed.add(group);
    }
  }

  /**
   * Completes once the committer is idle and its last compaction found nothing to move: tests
   * wait for it (with a bound) before they look at the file.
   */
  CompletableFuture<Void> compactionSettled() {
    CompletableFuture<Void> settled = new CompletableFuture<>();
    synchronized (this) {
      settledWaiters.add(settled);
    }
    return settled;
  }

  private void completeSettled() {
    List<CompletableFuture<Void>> waiting;
    synchronized (this) {
      waiting = List.copyOf(settledWaiters);
      settledWaiters.clear();
    }
    waiting.forEach(f -> f.complete(null));
  }

  private boolean compactionDue() {
    return compactionWanted && System.nanoTime() - lastCompactNanos >= COMPACT_INTERVAL && failure == null;
  }

  /** The syncer: one fsync covers every group committed before it started. */
  private void sync() {
    List<List<Op<?>>> groups = new ArrayList<>();
    while (true) {
      try {
        groups.add(committed.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      committed.drainTo(groups);
      if (halted) {
        return;
      }
      boolean stop = groups.removeIf(List::isEmpty);
      if (!groups.isEmpty() && failure != null) {
        groups.forEach(group -> group.forEach(op -> op.future.completeExceptionally(failure)));
      } else if (!groups.isEmpty()) {
        try {
          mv.sync();
          for (List<Op<?>> group : groups) {
            group.forEach(Op::durable);
          }
          List<List<Op<?>>> done = List.copyOf(groups);
          acks.execute(() -> done.forEach(group -> group.forEach(Committer::complete)));
        } catch (RuntimeException | Error e) {
          List<Op<?>> all = new ArrayList<>();
          groups.forEach(all::addAll);
          fail(all, e);
        }
      }
      groups.clear();
      if (stop) {
        return;
      }
    }
  }

  private static <T> void complete(Op<T> op) {
    op.future.complete(op.value);
  }

  private void fail(List<Op<?>> group, Throwable cause) {
    LOG.error("writing to {} failed; it takes no more writes until restarted", name, cause);
    RuntimeException error = H2Store.storageError(cause.toString());
    List<Op<?>> later = new ArrayList<>();
    synchronized (this) {
      failure = error;
      queue.drainTo(later);
    }
    group.forEach(op -> op.future.completeExceptionally(error));
    later.forEach(op -> op.future.completeExceptionally(error));
  }

  /**
   * Flushes what was submitted and stops; later submissions fail. Returns false if it was
   * already stopped.
   */
  boolean stop() {
    synchronized (this) {
      if (stopping) {
        return false;
      }
      stopping = true;
      queue.add(STOP);
    }
    try {
      thread.join();
      syncer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acks.shutdown();
    try {
      acks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * Stops as a killed process would: what is queued is neither written nor answered, and the
   * last commit is not fsync'ed (recovery tests). Returns false if it was already stopped.
   */
  boolean halt() {
    synchronized (this) {
      if (stopping) {
        return false;
      }
      stopping = true;
      halted = true;
      queue.add(STOP);
    }
    committed.add(List.of());
    try {
      thread.join();
      syncer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acks.shutdownNow();
    return true;
  }
}
