package dev.s2lite.emulator.record;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records a stream made durable most recently, kept while it has live followers so that they
 * are handed what was appended: a trim in the same append, or a deletion, cannot take back what a
 * follower is owed (s2-lite hands appended records to followers directly), and followers at the
 * tail need not go back to the store. Contiguous by seq_num; bounded per stream and, through a
 * budget shared by every stream, in total. The newest batch is always kept whole.
 */
final class RecentRecords {

  /** What one stream keeps at most: a little more than two maximal batches. */
  static final int MAX_RECORDS = 2048;
  static final long MAX_BYTES = 2L << 20;

  private final AtomicLong sharedBytes;
  private final long sharedLimit;
  private final StoredRecord[] ring = new StoredRecord[MAX_RECORDS];
  // Guarded by this.
  private int head;
  private int size;
  private long bytes;

  /**
   * @param sharedBytes the bytes every stream's recent records hold together
   * @param sharedLimit past this total, streams keep only their newest batch
   */
  RecentRecords(AtomicLong sharedBytes, long sharedLimit) {
    this.sharedBytes = sharedBytes;
    this.sharedLimit = sharedLimit;
  }

  /** Adds a durable batch that follows the kept records (or starts them), evicting the oldest. */
  synchronized void add(List<StoredRecord> batch) {
    if (size > 0 && batch.get(0).seqNum() != at(size - 1).seqNum() + 1) {
      clear();
    }
    int keepAtLeast = Math.min(batch.size(), MAX_RECORDS);
    for (StoredRecord r : batch.subList(batch.size() - keepAtLeast, batch.size())) {
      if (size == MAX_RECORDS) {
        evictOldest();
      }
      ring[(head + size) % MAX_RECORDS] = r;
      size++;
      bytes += r.payload().length;
      sharedBytes.addAndGet(r.payload().length);
    }
    while (size > keepAtLeast && (bytes > MAX_BYTES || sharedBytes.get() > sharedLimit)) {
      evictOldest();
    }
  }

  private void evictOldest() {
    int length = ring[head].payload().length;
    ring[head] = null;
    head = (head + 1) % MAX_RECORDS;
    size--;
    bytes -= length;
    sharedBytes.addAndGet(-length);
  }

  private StoredRecord at(int index) {
    return ring[(head + index) % MAX_RECORDS];
  }

  synchronized void clear() {
    while (size > 0) {
      evictOldest();
    }
  }

  /** The seq_num of the oldest kept record, or -1 when none is kept. */
  synchronized long firstSeqNum() {
    return size == 0 ? -1 : at(0).seqNum();
  }

  /**
   * Kept records from {@code fromSeqNum} within {@code bounds}, skipping those expired at
   * {@code nowMillis} as the store does; null when {@code fromSeqNum} is not kept (before the
   * oldest, or nothing kept). A start past the newest gives an empty list.
   */
  synchronized List<StoredRecord> read(long fromSeqNum, ReadBounds bounds, long nowMillis) {
    if (size == 0 || Long.compareUnsigned(fromSeqNum, at(0).seqNum()) < 0) {
      return null;
    }
    long offset = fromSeqNum - at(0).seqNum();
    List<StoredRecord> out = new ArrayList<>();
    long metered = 0;
    for (long i = offset; i < size && out.size() < bounds.count(); i++) {
      StoredRecord r = at((int) i);
      if (r.expiresAtMillis() <= nowMillis) {
        continue;
      }
      if (Long.compareUnsigned(r.timestamp(), bounds.untilTimestamp()) >= 0
          || metered + r.meteredBytes() > bounds.meteredBytes()) {
        break;
      }
      metered += r.meteredBytes();
      out.add(r);
    }
    return out;
  }
}
