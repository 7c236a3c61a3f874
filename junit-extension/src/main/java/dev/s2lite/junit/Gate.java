package dev.s2lite.junit;

import java.util.HashSet;
import java.util.Set;

/**
 * Lets the tests of one server run together while a reset runs alone: each test holds a
 * {@link Lease} from before its {@code @BeforeEach} methods to after its {@code @AfterEach}
 * methods, and a reset waits until no other test holds one (new tests wait for the reset).
 */
final class Gate {

  private final Set<Lease> active = new HashSet<>();
  private int resetsWaiting;
  private boolean resetting;

  /** One test's share of the server; closing it ends the share. */
  final class Lease implements AutoCloseable {
    private final Thread thread = Thread.currentThread();

    @Override
    public void close() {
      leave(this);
    }
  }

  synchronized Lease enter() {
    while (resetting || resetsWaiting > 0) {
      await();
    }
    Lease lease = new Lease();
    active.add(lease);
    return lease;
  }

  private synchronized void leave(Lease lease) {
    if (active.remove(lease)) {
      notifyAll();
    }
  }

  /**
   * Runs {@code action} while no test holds a lease. The caller's own leases ({@code own}, and
   * those taken on this thread) are set aside meanwhile, or the caller would wait for itself.
   */
  void alone(Lease own, Runnable action) {
    Set<Lease> mine = new HashSet<>();
    synchronized (this) {
      for (Lease lease : active) {
        if (lease == own || lease.thread == Thread.currentThread()) {
          mine.add(lease);
        }
      }
      active.removeAll(mine);
      resetsWaiting++;
      notifyAll();
      try {
        while (resetting || !active.isEmpty()) {
          await();
        }
      } catch (RuntimeException e) {
        active.addAll(mine);
        throw e;
      } finally {
        resetsWaiting--;
        notifyAll();
      }
      resetting = true;
    }
    try {
      action.run();
    } finally {
      synchronized (this) {
        resetting = false;
        active.addAll(mine);
        notifyAll();
      }
    }
  }

  private void await() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the other tests of the S2 server", e);
    }
  }
}
