package dev.s2lite.emulator.store.s3;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The segments read back from the bucket, least recently used first out, within a byte budget:
 * the heap holds this cache, not the data.
 */
final class SegmentCache {

  /** Thrown when a segment is no longer in the bucket: a checkpoint replaced or deleted it. */
  static final class Gone extends RuntimeException {
    Gone(String key) {
      super(key, null, false, false);
    }
  }

  private final Blobs blobs;
  private final long capacity;
  private final LinkedHashMap<String, Segment> lru = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;
  /** Reads ahead for sequential readers, so the next segment's round trip overlaps this one's use. */
  private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "s2lite-s3-prefetch");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> prefetching = ConcurrentHashMap.newKeySet();

  SegmentCache(Blobs blobs, long capacity) {
    this.blobs = blobs;
    this.capacity = capacity;
  }

  /**
   * The segment, from the cache or the bucket.
   *
   * @throws Gone if the bucket no longer has it
   * @throws BlobException if the bucket cannot be read
   */
  Segment get(SegmentRef ref) {
    synchronized (this) {
      Segment cached = lru.get(ref.key());
      if (cached != null) {
        return cached;
      }
    }
    byte[] data = blobs.get(ref.key());
    if (data == null) {
      throw new Gone(ref.key());
    }
    Segment segment = Segment.decode(data, blobs.location(ref.key()));
    if (segment.firstSeq != ref.firstSeq() || segment.endSeq() != ref.endSeq()) {
      throw new CorruptObjectException(blobs.location(ref.key()), "holds seq_nums "
          + segment.firstSeq + ".." + segment.endSeq() + ", the index says " + ref.firstSeq() + ".." + ref.endSeq());
    }
    put(ref.key(), segment);
    return segment;
  }

  /** Starts loading the segment in the background unless it is cached or already loading. */
  void prefetch(SegmentRef ref) {
    synchronized (this) {
      if (lru.containsKey(ref.key())) {
        return;
      }
    }
    if (!prefetching.add(ref.key())) {
      return;
    }
    try {
      prefetcher.execute(() -> {
        try {
          get(ref);
        } catch (RuntimeException e) {
          // The reader that needs it will fetch it and report any problem.
        } finally {
          prefetching.remove(ref.key());
        }
      });
    } catch (RejectedExecutionException e) {
      prefetching.remove(ref.key());
    }
  }

  void close() {
    prefetcher.shutdownNow();
  }

  synchronized void put(String key, Segment segment) {
    long size = segment.heapBytes();
    if (size > capacity) {
      return;
    }
    Segment previous = lru.put(key, segment);
    if (previous != null) {
      bytes -= previous.heapBytes();
    }
    bytes += size;
    Iterator<Map.Entry<String, Segment>> eldest = lru.entrySet().iterator();
    while (bytes > capacity && eldest.hasNext()) {
      bytes -= eldest.next().getValue().heapBytes();
      eldest.remove();
    }
  }

  synchronized void evict(String key) {
    Segment removed = lru.remove(key);
    if (removed != null) {
      bytes -= removed.heapBytes();
    }
  }

}
