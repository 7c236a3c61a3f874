package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.RecordsState;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream incarnation's records: durable segments in the bucket, then the records a running
 * checkpoint is writing ({@code frozen}), then those appended since ({@code active}). Ranges
 * follow each other in seq_num order; everything below {@code head} is deleted. Guarded by the
 * store's state lock.
 */
final class StreamRecords {

  final String id;
  RecordsState state;
  long head;
  /** The metered size of the records from {@code head} on. */
  long metered;
  final List<SegmentRef> segments;
  MemRun frozen;
  MemRun active;

  StreamRecords(String id, RecordsState state, long head, long metered, List<SegmentRef> segments) {
    this.id = id;
    this.state = state;
    this.head = head;
    this.metered = metered;
    this.segments = new ArrayList<>(segments);
    this.active = new MemRun(state.nextSeqNum());
  }

  /** The index of the segment holding {@code seq}, or of the first one after it, or size. */
  int segmentAtOrAfter(long seq) {
    int lo = 0;
    int hi = segments.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (segments.get(mid).endSeq() <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The run in memory holding {@code seq}, or null. */
  MemRun runHolding(long seq) {
    if (frozen != null && frozen.contains(seq)) {
      return frozen;
    }
    return active.contains(seq) ? active : null;
  }

  long segmentBytes() {
    long bytes = 0;
    for (SegmentRef ref : segments) {
      bytes += ref.bytes();
    }
    return bytes;
  }
}
