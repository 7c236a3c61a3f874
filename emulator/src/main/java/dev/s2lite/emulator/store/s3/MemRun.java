package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of one stream appended since the last checkpoint, on the heap until the checkpoint
 * writes them as segments. Seq_nums are dense from {@code firstSeq}; a prefix can be dropped
 * (trimmed, expired). Guarded by the store's state lock, except once frozen for a checkpoint,
 * when it no longer changes.
 */
final class MemRun {

  /** What a record costs on the heap beyond its payload (StoredRecord and array headers). */
  static final int RECORD_OVERHEAD = 64;

  private long firstSeq;
  private ArrayList<StoredRecord> records = new ArrayList<>();
  /** Records below this index are dropped (their slots are null). */
  private int dropped;
  private long bytes;

  MemRun(long firstSeq) {
    this.firstSeq = firstSeq;
  }

  /** The first kept seq_num. */
  long start() {
    return firstSeq + dropped;
  }

  long end() {
    return firstSeq + records.size();
  }

  boolean isEmpty() {
    return dropped == records.size();
  }

  boolean contains(long seq) {
    return seq >= start() && seq < end();
  }

  long bytes() {
    return bytes;
  }

  static long cost(StoredRecord r) {
    return r.payload().length + RECORD_OVERHEAD;
  }

  void add(StoredRecord r) {
    if (r.seqNum() != end()) {
      throw new IllegalStateException("record " + r.seqNum() + " does not follow " + end());
    }
    records.add(r);
    bytes += cost(r);
  }

  StoredRecord get(long seq) {
    return records.get((int) (seq - firstSeq));
  }

  /** The kept records from {@code from} on. */
  List<StoredRecord> from(long from) {
    int i = (int) (Math.max(from, start()) - firstSeq);
    return i >= records.size() ? List.of() : new ArrayList<>(records.subList(i, records.size()));
  }

  /** Drops the records below {@code seq}; returns the heap bytes released. */
  long dropBelow(long seq) {
    int upTo = (int) Math.min(records.size(), Math.max(0, seq - firstSeq));
    long released = 0;
    for (; dropped < upTo; dropped++) {
      released += cost(records.get(dropped));
      records.set(dropped, null);
    }
    bytes -= released;
    if (dropped > 1024 && dropped > records.size() / 2) {
      // Keep the slots of kept records only.
      records = new ArrayList<>(records.subList(dropped, records.size()));
      firstSeq += dropped;
      dropped = 0;
    }
    return released;
  }

  /** The first kept seq_num at or after {@code from} whose timestamp is at or after {@code timestamp}, or -1. */
  long seqAtOrAfter(long timestamp, long from) {
    int lo = (int) (Math.max(from, start()) - firstSeq);
    int hi = records.size();
    if (lo >= hi) {
      return -1;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(records.get(mid).timestamp(), timestamp) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < records.size() ? firstSeq + lo : -1;
  }
}
