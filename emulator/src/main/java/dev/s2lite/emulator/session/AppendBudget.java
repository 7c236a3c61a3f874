package dev.s2lite.emulator.session;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The server-wide in-flight append byte budget (lite's {@code --append-inflight-bytes}): each
 * append (a session input or a unary append) holds {@code max(1, metered bytes)} from admission
 * until its ack. Pure
 * backpressure: an input that does not fit waits, first come first served, and never fails.
 */
public final class AppendBudget {

  private final long capacity;
  private long available;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  private record Waiter(long bytes, Runnable onGranted) {}

  public AppendBudget(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the append in-flight budget must be at least 1 byte");
    }
    this.capacity = capacity;
    this.available = capacity;
  }

  /** What an input of this many metered bytes takes from the budget. */
  public long cost(long meteredBytes) {
    return Math.min(capacity, Math.max(1, meteredBytes));
  }

  /**
   * Takes {@code bytes} now and returns true, or returns false and runs {@code onGranted} (on the
   * releasing thread) once they were taken for the caller.
   */
  public boolean acquire(long bytes, Runnable onGranted) {
    synchronized (this) {
      if (waiters.isEmpty() && available >= bytes) {
        available -= bytes;
        return true;
      }
      waiters.add(new Waiter(bytes, onGranted));
      return false;
    }
  }

  /**
   * Takes {@code bytes}: the future is complete at once when they are available, else it completes
   * on {@code executor} once they were taken for the caller (so a release never runs the waiters'
   * work on its own stack).
   */
  public CompletableFuture<Void> take(long bytes, Executor executor) {
    CompletableFuture<Void> taken = new CompletableFuture<>();
    if (acquire(bytes, () -> executor.execute(() -> taken.complete(null)))) {
      taken.complete(null);
    }
    return taken;
  }

  public void release(long bytes) {
    ArrayDeque<Runnable> granted = new ArrayDeque<>();
    synchronized (this) {
      available += bytes;
      while (!waiters.isEmpty() && available >= waiters.peek().bytes) {
        Waiter w = waiters.poll();
        available -= w.bytes;
        granted.add(w.onGranted);
      }
    }
    granted.forEach(Runnable::run);
  }
}
