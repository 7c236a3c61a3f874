package dev.s2lite.emulator.housekeeping;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back to the operating system after large deletions. The JVM keeps the heap it grew
 * to until a collection finds it unused, and an idle server triggers none: after 300 MiB of
 * records were deleted, a server kept 2.6 GiB resident. So once the housekeeping has freed
 * {@link #THRESHOLD_BYTES} or more and no request has started for a moment, it asks for a full
 * collection ({@code System.gc()}), which lets the collector shrink the heap and uncommit it.
 */
public final class HeapReturn {

  private static final Logger LOG = LoggerFactory.getLogger(HeapReturn.class);

  /** Freed record bytes that make a collection worth its pause. */
  public static final long THRESHOLD_BYTES = 64L << 20;

  private final BooleanSupplier idle;
  private final Runnable collect;
  private long pendingBytes;

  /**
   * @param idle whether the server is idle now (no request started for a moment)
   * @param collect the collection to run ({@code System::gc} in a server)
   */
  public HeapReturn(BooleanSupplier idle, Runnable collect) {
    this.idle = idle;
    this.collect = collect;
  }

  /** Record bytes the housekeeping deleted. */
  synchronized void freed(long bytes) {
    pendingBytes += Math.max(0, bytes);
  }

  /** Whether enough was freed that a collection is waiting for the server to be idle. */
  synchronized boolean isPending() {
    return pendingBytes >= THRESHOLD_BYTES;
  }

  /** Collects if enough was freed and the server is idle; returns whether it did. */
  synchronized boolean collectIfDue() {
    if (pendingBytes < THRESHOLD_BYTES || !idle.getAsBoolean()) {
      return false;
    }
    long freed = pendingBytes;
    pendingBytes = 0;
    long start = System.nanoTime();
    collect.run();
    LOG.info("returned memory after deleting {} MiB of records (collection took {} ms)",
        freed >> 20, (System.nanoTime() - start) / 1_000_000);
    return true;
  }
}
