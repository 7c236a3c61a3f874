package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.NameOrder;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamMeta;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the store holds, as of the write-ahead log objects applied so far: every basin and stream
 * (on the heap), and per stream an index of its segments in the bucket plus the records not yet
 * checkpointed. Log objects are applied in order, live by the commit loop and at start by
 * recovery, with the same outcome. Reads of segments go through the cache, outside the lock.
 */
final class StoreState {

  record StreamKey(String basin, String stream) {}

  /** A consistent copy of the state for a checkpoint: the manifest's content, plus what to write. */
  record Frozen(long walPosition, List<BasinMeta> basins, List<StreamMeta> streams, List<FrozenStream> records) {}

  /** One stream in a checkpoint; {@code frozen} is null when nothing was appended since the last one. */
  record FrozenStream(StreamKey key, StreamRecords owner, Manifest.StreamIndex index, MemRun frozen) {}

  /** What a checkpoint changed in one stream's segments. */
  record Installed(StreamKey key, StreamRecords owner, SegmentRef replaced, List<SegmentRef> added) {}

  private static final SecureRandom IDS = new SecureRandom();
  /** Segments that vanish under a reader this many times in a row mean something is wrong. */
  private static final int MAX_GONE = 8;

  private final SegmentCache cache;
  private final Object lock = new Object();

  private final ConcurrentSkipListMap<String, BasinMeta> basins = new ConcurrentSkipListMap<>(NameOrder.UTF8);
  private final Map<String, ConcurrentSkipListMap<String, StreamMeta>> streams = new ConcurrentHashMap<>();

  // Guarded by lock.
  private final Map<StreamKey, StreamRecords> records = new LinkedHashMap<>();
  private long activeBytes;
  private long frozenBytes;
  /** The number of the next write-ahead log object to apply. */
  private long applied;
  /** Whether anything changed since the last checkpoint's snapshot. */
  private boolean dirty;

  StoreState(SegmentCache cache, Manifest base) {
    this.cache = cache;
    for (BasinMeta b : base.basins()) {
      basins.put(b.name(), b);
    }
    for (StreamMeta s : base.streams()) {
      putStream(s);
    }
    for (Manifest.StreamIndex i : base.records()) {
      records.put(new StreamKey(i.basin(), i.stream()),
          new StreamRecords(i.id(), i.state(), i.head(), i.meteredBytes(), i.segments()));
    }
    applied = base.walPosition();
  }

  private static String newId() {
    byte[] id = new byte[8];
    IDS.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  // --- applying the log ---

  /**
   * Applies write-ahead log object {@code number}'s entries in order; {@code next} is the number
   * of the object that follows it.
   *
   * @return per entry whether it was applied: an append that does not follow its stream's tail
   *     (a batch of a stream removed meanwhile) is skipped, at replay as it was live
   */
  boolean[] apply(long number, List<WalEntry> entries, long next) {
    boolean[] done = new boolean[entries.size()];
    synchronized (lock) {
      if (number != applied) {
        throw new IllegalStateException("log object " + number + " applied, " + applied + " expected");
      }
      for (int i = 0; i < entries.size(); i++) {
        done[i] = apply(entries.get(i));
      }
      applied = next;
      dirty |= !entries.isEmpty();
    }
    return done;
  }

  private boolean apply(WalEntry entry) {
    if (entry instanceof WalEntry.Append a) {
      StreamKey key = new StreamKey(a.basin(), a.stream());
      StreamRecords sr = records.get(key);
      if (a.records().isEmpty()) {
        return setState(key, sr, a.after());
      }
      long expected = sr == null ? 0 : sr.state.nextSeqNum();
      if (a.records().get(0).seqNum() != expected) {
        return false;
      }
      if (sr == null) {
        sr = new StreamRecords(newId(), RecordsState.EMPTY, 0, 0, List.of());
        records.put(key, sr);
      }
      for (StoredRecord r : a.records()) {
        sr.active.add(r);
        activeBytes += MemRun.cost(r);
        sr.metered += r.meteredBytes();
      }
      sr.state = a.after();
    } else if (entry instanceof WalEntry.PutBasin p) {
      basins.put(p.basin().name(), p.basin());
    } else if (entry instanceof WalEntry.RemoveBasin r) {
      basins.remove(r.name());
    } else if (entry instanceof WalEntry.PutStream p) {
      putStream(p.stream());
    } else if (entry instanceof WalEntry.RemoveStream r) {
      streams.computeIfPresent(r.basin(), (b, inBasin) -> {
        inBasin.remove(r.name());
        return inBasin.isEmpty() ? null : inBasin;
      });
      StreamRecords removed = records.remove(new StreamKey(r.basin(), r.name()));
      if (removed != null) {
        activeBytes -= removed.active.bytes();
      }
    } else {
      basins.clear();
      streams.clear();
      for (StreamRecords sr : records.values()) {
        activeBytes -= sr.active.bytes();
      }
      records.clear();
    }
    return true;
  }

  /**
   * An empty batch sets the state; it may move the tail forward (a restored stream whose first
   * records are gone), but not past records still kept in memory.
   */
  private boolean setState(StreamKey key, StreamRecords sr, RecordsState after) {
    if (sr == null) {
      records.put(key, new StreamRecords(newId(), after, after.nextSeqNum(), 0, List.of()));
      return true;
    }
    if (after.nextSeqNum() != sr.active.end()) {
      if (!sr.active.isEmpty()) {
        return false;
      }
      sr.active = new MemRun(after.nextSeqNum());
    }
    sr.state = after;
    return true;
  }

  private void putStream(StreamMeta stream) {
    streams.compute(stream.basin(), (b, inBasin) -> {
      var map = inBasin == null ? new ConcurrentSkipListMap<String, StreamMeta>(NameOrder.UTF8) : inBasin;
      map.put(stream.name(), stream);
      return map;
    });
  }

  long applied() {
    synchronized (lock) {
      return applied;
    }
  }

  /** Heap bytes of records not yet in segments (being checkpointed or waiting for it). */
  long memtableBytes() {
    synchronized (lock) {
      return activeBytes + frozenBytes;
    }
  }

  long activeBytes() {
    synchronized (lock) {
      return activeBytes;
    }
  }

  // --- metadata ---

  Optional<BasinMeta> basin(String name) {
    return Optional.ofNullable(basins.get(name));
  }

  List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    return NameOrder.page(basins, prefix, startAfter, limit);
  }

  Optional<StreamMeta> stream(String basin, String name) {
    var inBasin = streams.get(basin);
    return inBasin == null ? Optional.empty() : Optional.ofNullable(inBasin.get(name));
  }

  List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    var inBasin = streams.get(basin);
    return inBasin == null ? List.of() : NameOrder.page(inBasin, prefix, startAfter, limit);
  }

  // --- records ---

  RecordsState recordsState(StreamKey key) {
    synchronized (lock) {
      StreamRecords sr = records.get(key);
      return sr == null ? RecordsState.EMPTY : sr.state;
    }
  }

  List<StoredRecord> read(StreamKey key, long fromSeqNum, ReadBounds bounds, long now) {
    List<StoredRecord> out = new ArrayList<>();
    long[] bytes = {0};
    long next = fromSeqNum;
    StreamRecords owner = null;
    int gone = 0;
    while (out.size() < bounds.count()) {
      SegmentRef ref;
      synchronized (lock) {
        StreamRecords sr = records.get(key);
        if (sr == null || (owner != null && sr != owner)) {
          return out;
        }
        owner = sr;
        if (Long.compareUnsigned(next, sr.head) < 0) {
          next = sr.head;
        }
        if (Long.compareUnsigned(next, sr.state.nextSeqNum()) >= 0) {
          return out;
        }
        if (sr.runHolding(next) != null) {
          for (MemRun run : new MemRun[] {sr.frozen, sr.active}) {
            if (run == null || run.end() <= next) {
              continue;
            }
            for (long seq = Math.max(next, run.start()); seq < run.end(); seq++) {
              if (!collect(out, bytes, run.get(seq), bounds, now)) {
                return out;
              }
            }
          }
          return out;
        }
        int i = sr.segmentAtOrAfter(next);
        SegmentRef candidate = i < sr.segments.size() ? sr.segments.get(i) : null;
        if (candidate == null || candidate.firstSeq() > next) {
          // Nothing holds next (a gap before a restored stream's first record): skip to what does.
          long jump = candidate == null ? Long.MAX_VALUE : candidate.firstSeq();
          for (MemRun run : new MemRun[] {sr.frozen, sr.active}) {
            if (run != null && !run.isEmpty() && run.end() > next) {
              jump = Math.min(jump, Math.max(next, run.start()));
            }
          }
          if (jump == Long.MAX_VALUE) {
            return out;
          }
          next = jump;
          continue;
        }
        ref = candidate;
        if (i + 1 < sr.segments.size()) {
          cache.prefetch(sr.segments.get(i + 1));
        }
      }
      if (ref.maxExpiry() <= now) {
        next = ref.endSeq();
        continue;
      }
      Segment segment;
      try {
        segment = cache.get(ref);
      } catch (SegmentCache.Gone e) {
        if (++gone > MAX_GONE) {
          throw new BlobException("segment " + ref.key() + " keeps vanishing", e);
        }
        continue;
      }
      for (int idx = (int) (next - ref.firstSeq()); idx < segment.count(); idx++) {
        if (out.size() >= bounds.count()) {
          return out;
        }
        if (segment.expiry(idx) <= now) {
          continue;
        }
        if (Long.compareUnsigned(segment.timestamp(idx), bounds.untilTimestamp()) >= 0
            || bytes[0] + segment.metered(idx) > bounds.meteredBytes()) {
          return out;
        }
        bytes[0] += segment.metered(idx);
        out.add(segment.record(idx));
      }
      next = ref.endSeq();
    }
    return out;
  }

  /** Adds the record unless expired; false when the bounds end the read. */
  private static boolean collect(List<StoredRecord> out, long[] bytes, StoredRecord r, ReadBounds bounds, long now) {
    if (out.size() >= bounds.count()) {
      return false;
    }
    if (r.expiresAtMillis() <= now) {
      return true;
    }
    if (Long.compareUnsigned(r.timestamp(), bounds.untilTimestamp()) >= 0
        || bytes[0] + r.meteredBytes() > bounds.meteredBytes()) {
      return false;
    }
    bytes[0] += r.meteredBytes();
    out.add(r);
    return true;
  }

  long seqNumAtOrAfter(StreamKey key, long timestamp) {
    for (int gone = 0; ; gone++) {
      SegmentRef ref;
      long head;
      synchronized (lock) {
        StreamRecords sr = records.get(key);
        if (sr == null) {
          return 0;
        }
        head = sr.head;
        int lo = 0;
        int hi = sr.segments.size();
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (Long.compareUnsigned(sr.segments.get(mid).lastTimestamp(), timestamp) < 0) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        if (lo == sr.segments.size()) {
          for (MemRun run : new MemRun[] {sr.frozen, sr.active}) {
            long seq = run == null ? -1 : run.seqAtOrAfter(timestamp, head);
            if (seq >= 0) {
              return seq;
            }
          }
          return sr.state.nextSeqNum();
        }
        ref = sr.segments.get(lo);
      }
      try {
        Segment segment = cache.get(ref);
        int from = (int) Math.max(0, head - ref.firstSeq());
        return ref.firstSeq() + segment.firstAtOrAfter(timestamp, from);
      } catch (SegmentCache.Gone e) {
        if (gone > MAX_GONE) {
          throw new BlobException("segment " + ref.key() + " keeps vanishing", e);
        }
      }
    }
  }

  long liveCount(StreamKey key, long now) {
    for (int gone = 0; ; gone++) {
      List<SegmentRef> refs;
      long head;
      long live = 0;
      synchronized (lock) {
        StreamRecords sr = records.get(key);
        if (sr == null) {
          return 0;
        }
        head = sr.head;
        refs = List.copyOf(sr.segments);
        for (MemRun run : new MemRun[] {sr.frozen, sr.active}) {
          if (run != null) {
            for (long seq = Math.max(head, run.start()); seq < run.end(); seq++) {
              if (run.get(seq).expiresAtMillis() > now) {
                live++;
              }
            }
          }
        }
      }
      try {
        for (SegmentRef ref : refs) {
          long from = Math.max(head, ref.firstSeq());
          if (ref.maxExpiry() <= now || from >= ref.endSeq()) {
            continue;
          }
          if (ref.minExpiry() > now) {
            live += ref.endSeq() - from;
            continue;
          }
          Segment segment = cache.get(ref);
          for (int idx = (int) (from - ref.firstSeq()); idx < segment.count(); idx++) {
            if (segment.expiry(idx) > now) {
              live++;
            }
          }
        }
        return live;
      } catch (SegmentCache.Gone e) {
        if (gone > MAX_GONE) {
          throw new BlobException("segment keeps vanishing", e);
        }
      }
    }
  }

  /**
   * Deletes the records below {@code seqNum} and the leading ones expired at {@code now}, keeping
   * the metered size of what is left. Segments are read outside the lock; should a checkpoint
   * move records from memory to segments meanwhile, it starts over.
   */
  void deleteRecords(StreamKey key, long seqNum, long now) {
    for (int attempt = 0; attempt < MAX_GONE; attempt++) {
      StreamRecords owner;
      long oldHead;
      long newHead;
      long segmentsEnd;
      MemRun frozen;
      List<SegmentRef> refs;
      synchronized (lock) {
        owner = records.get(key);
        if (owner == null) {
          return;
        }
        oldHead = owner.head;
        long tail = owner.state.nextSeqNum();
        newHead = Long.compareUnsigned(seqNum, tail) >= 0 ? tail : Math.max(oldHead, seqNum);
        refs = List.copyOf(owner.segments.subList(owner.segmentAtOrAfter(oldHead), owner.segments.size()));
        segmentsEnd = refs.isEmpty() ? oldHead : Math.max(oldHead, refs.get(refs.size() - 1).endSeq());
        frozen = owner.frozen;
      }
      long droppedMetered = 0;
      boolean expiredThroughSegments = true;
      try {
        for (SegmentRef ref : refs) {
          if (ref.endSeq() <= newHead) {
            continue;
          }
          if (ref.maxExpiry() <= now) {
            newHead = ref.endSeq();
            continue;
          }
          if (ref.minExpiry() > now) {
            expiredThroughSegments = false;
            break;
          }
          Segment segment = cache.get(ref);
          int idx = (int) (Math.max(newHead, ref.firstSeq()) - ref.firstSeq());
          while (idx < segment.count() && segment.expiry(idx) <= now) {
            idx++;
          }
          newHead = ref.firstSeq() + idx;
          if (idx < segment.count()) {
            expiredThroughSegments = false;
            break;
          }
        }
        droppedMetered = meteredBetween(refs, oldHead, Math.min(newHead, segmentsEnd));
      } catch (SegmentCache.Gone e) {
        continue;
      }
      synchronized (lock) {
        if (records.get(key) != owner) {
          return;
        }
        if (owner.head != oldHead || owner.frozen != frozen
            || segmentsEnd != (owner.segments.isEmpty() ? oldHead
                : Math.max(oldHead, owner.segments.get(owner.segments.size() - 1).endSeq()))) {
          continue;
        }
        if (expiredThroughSegments) {
          for (MemRun run = owner.runHolding(newHead); run != null; run = owner.runHolding(newHead)) {
            if (run.get(newHead).expiresAtMillis() > now) {
              break;
            }
            newHead++;
          }
        }
        if (newHead <= oldHead) {
          return;
        }
        for (MemRun run : new MemRun[] {owner.frozen, owner.active}) {
          if (run != null) {
            for (long seq = Math.max(segmentsEnd, run.start()); seq < Math.min(newHead, run.end()); seq++) {
              droppedMetered += run.get(seq).meteredBytes();
            }
          }
        }
        owner.head = newHead;
        owner.metered -= droppedMetered;
        long h = newHead;
        owner.segments.removeIf(r -> r.endSeq() <= h);
        activeBytes -= owner.active.dropBelow(newHead);
        dirty = true;
        return;
      }
    }
    throw new BlobException("segments of " + key.basin() + "/" + key.stream() + " keep changing", null);
  }

  /** The metered size of the segments' records with seq_nums in [from, to). */
  private long meteredBetween(List<SegmentRef> refs, long from, long to) {
    long sum = 0;
    for (SegmentRef ref : refs) {
      long lo = Math.max(from, ref.firstSeq());
      long hi = Math.min(to, ref.endSeq());
      if (lo >= hi) {
        continue;
      }
      if (lo == ref.firstSeq() && hi == ref.endSeq()) {
        sum += ref.meteredBytes();
        continue;
      }
      Segment segment = cache.get(ref);
      for (long seq = lo; seq < hi; seq++) {
        sum += segment.metered((int) (seq - ref.firstSeq()));
      }
    }
    return sum;
  }

  long meteredBytes(StreamKey key) {
    synchronized (lock) {
      StreamRecords sr = records.get(key);
      return sr == null ? 0 : sr.metered;
    }
  }

  long footprint(StreamKey key) {
    synchronized (lock) {
      StreamRecords sr = records.get(key);
      if (sr == null) {
        return 0;
      }
      return sr.segmentBytes() + sr.active.bytes() + (sr.frozen == null ? 0 : sr.frozen.bytes());
    }
  }

  // --- checkpoints ---

  /**
   * Freezes what was appended since the last checkpoint and copies the state as of the log
   * objects applied so far; null when nothing changed and {@code force} is false.
   */
  Frozen freeze(boolean force) {
    synchronized (lock) {
      if (!dirty && !force) {
        return null;
      }
      List<FrozenStream> frozen = new ArrayList<>(records.size());
      for (Map.Entry<StreamKey, StreamRecords> e : records.entrySet()) {
        StreamRecords sr = e.getValue();
        if (sr.frozen != null) {
          throw new IllegalStateException("a checkpoint is already running");
        }
        MemRun run = null;
        if (!sr.active.isEmpty()) {
          run = sr.active;
          sr.frozen = run;
          activeBytes -= run.bytes();
          frozenBytes += run.bytes();
        }
        // A fresh run either way: an emptied one would keep its slots.
        sr.active = new MemRun(sr.active.end());
        frozen.add(new FrozenStream(e.getKey(), sr, new Manifest.StreamIndex(e.getKey().basin(),
            e.getKey().stream(), sr.id, sr.state, sr.head, sr.metered, List.copyOf(sr.segments)), run));
      }
      List<StreamMeta> allStreams = new ArrayList<>();
      for (var inBasin : streams.values()) {
        allStreams.addAll(inBasin.values());
      }
      dirty = false;
      return new Frozen(applied, List.copyOf(basins.values()), allStreams, frozen);
    }
  }

  /** Puts the segments a checkpoint wrote in place of the records it froze. */
  void install(List<Installed> installed) {
    synchronized (lock) {
      for (Installed in : installed) {
        StreamRecords sr = in.owner();
        if (records.get(in.key()) == sr) {
          if (in.replaced() != null) {
            sr.segments.remove(in.replaced());
          }
          sr.segments.addAll(in.added());
          long head = sr.head;
          if (sr.segments.removeIf(r -> r.endSeq() <= head)) {
            dirty = true;
          }
        } else if (!in.added().isEmpty()) {
          // The stream went away meanwhile: the next manifest drops these segments.
          dirty = true;
        }
        sr.frozen = null;
      }
      frozenBytes = 0;
    }
  }

}
