package dev.s2lite.emulator.store.s3;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a write to object storage (each write is idempotent: same key, same bytes) with
 * backoff, for up to the store's retry timeout; past it the storage is declared lost.
 */
final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** The storage stayed unusable for the whole retry timeout, or the store is shutting down. */
  static final class StorageLost extends RuntimeException {
    StorageLost(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Duration timeout;

  Retrier(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T call(String what, Supplier<T> operation) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long backoffMillis = 100;
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new StorageLost("interrupted while trying to " + what, null);
      }
      try {
        return operation.get();
      } catch (BlobException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new StorageLost("gave up trying to " + what + " after " + timeout.toSeconds()
              + " s: " + e.getMessage(), e);
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn("cannot {} (attempt {}), retrying: {}", what, attempt, e.getMessage());
        }
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageLost("interrupted while trying to " + what, e);
        }
        backoffMillis = Math.min(backoffMillis * 2, 5_000);
      }
    }
  }

  void run(String what, Runnable operation) {
    call(what, () -> {
      operation.run();
      return null;
    });
  }
}
