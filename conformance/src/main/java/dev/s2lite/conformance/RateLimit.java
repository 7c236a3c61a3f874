package dev.s2lite.conformance;

/** Spaces requests out to at most {@code perSecond} over the whole run (0: no limit). */
final class RateLimit {

  private final long intervalNanos;
  private long next;

  RateLimit(double perSecond) {
    this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
  }

  void acquire() {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      next = Math.max(next, now);
      wait = next - now;
      next += intervalNanos;
    }
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CaseAbort("interrupted while rate limiting");
      }
    }
  }
}
