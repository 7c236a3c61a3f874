package dev.s2lite.emulator.store.memory;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One stream's records in memory. Payloads are packed into large byte chunks; per record the log
 * keeps only a few primitive array slots (timestamp, expiry, location, length, metered size),
 * so a 1 KiB record costs about 1 KiB plus 36 bytes. Seq_nums are dense, so a record's slot is
 * {@code seqNum - baseSeqNum}; timestamps are non-decreasing, so timestamp lookups bisect.
 */
final class RecordLog {

  /** A stream's first chunk: below G1's smallest humongous threshold (half a 1 MiB region), so it wastes no region space. */
  private static final int CHUNK_BYTES = (256 << 10) - 64;

  /**
   * Later chunks fill one G1 region each (less the array header), so G1 allocates them as
   * humongous objects straight in the old generation: young collections never copy stored
   * records (copying them from region to region made the pauses, and so the p99, grow with the
   * write rate). Without G1, or with regions above 4 MiB, chunks stay small.
   */
  static final int LATER_CHUNK_BYTES = laterChunkBytes(G1Regions.regionBytes());

  static int laterChunkBytes(long regionBytes) {
    return regionBytes >= (1 << 20) && regionBytes <= (4 << 20) ? (int) regionBytes - 64 : CHUNK_BYTES;
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private RecordsState state = RecordsState.EMPTY;

  /** The seq_num of slot 0. */
  private long baseSeqNum;
  /** The first kept slot; slots below it are deleted. */
  private int head;
  private int size;
  private long[] timestamps = new long[16];
  private long[] expiries = new long[16];
  /** Chunk number (absolute) in the high half, offset in the low half. */
  private long[] locations = new long[16];
  private int[] lengths = new int[16];
  private int[] metered = new int[16];
  /** The sum of {@code metered} over the kept slots. */
  private long meteredTotal;

  private final ArrayList<byte[]> chunks = new ArrayList<>();
  /** The absolute number of {@code chunks.get(0)}. */
  private long firstChunk;
  private int chunkFill;

  RecordsState state() {
    lock.readLock().lock();
    try {
      return state;
    } finally {
      lock.readLock().unlock();
    }
  }

  void append(List<StoredRecord> records, RecordsState after) {
    lock.writeLock().lock();
    try {
      if (!records.isEmpty() && records.get(0).seqNum() != state.nextSeqNum()) {
        throw new IllegalStateException("batch starts at " + records.get(0).seqNum()
            + ", the log's next seq_num is " + state.nextSeqNum());
      }
      if (size == head) {
        // Empty log: restart the slots at this batch's seq_num.
        size = 0;
        head = 0;
        baseSeqNum = records.isEmpty() ? after.nextSeqNum() : records.get(0).seqNum();
      }
      ensureCapacity(size + records.size());
      int sizeBefore = size;
      int chunksBefore = chunks.size();
      int fillBefore = chunkFill;
      try {
        for (StoredRecord r : records) {
          add(r);
        }
      } catch (OutOfMemoryError e) {
        // All or nothing, even when the heap runs out halfway: drop what this batch added.
        size = sizeBefore;
        while (chunks.size() > chunksBefore) {
          chunks.remove(chunks.size() - 1);
        }
        chunkFill = fillBefore;
        throw e;
      }
      state = after;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Grows every slot array together, or none of them (if the heap runs out while copying). */
  private void ensureCapacity(int slots) {
    if (slots <= timestamps.length) {
      return;
    }
    int capacity = Math.max(slots, timestamps.length * 2);
    long[] newTimestamps = Arrays.copyOf(timestamps, capacity);
    long[] newExpiries = Arrays.copyOf(expiries, capacity);
    long[] newLocations = Arrays.copyOf(locations, capacity);
    int[] newLengths = Arrays.copyOf(lengths, capacity);
    int[] newMetered = Arrays.copyOf(metered, capacity);
    timestamps = newTimestamps;
    expiries = newExpiries;
    locations = newLocations;
    lengths = newLengths;
    metered = newMetered;
  }

  private void add(StoredRecord r) {
    byte[] payload = r.payload();
    if (chunks.isEmpty() || chunkFill + payload.length > chunks.get(chunks.size() - 1).length) {
      chunks.add(new byte[Math.max(chunks.isEmpty() ? CHUNK_BYTES : LATER_CHUNK_BYTES, payload.length)]);
      chunkFill = 0;
    }
    byte[] chunk = chunks.get(chunks.size() - 1);
    System.arraycopy(payload, 0, chunk, chunkFill, payload.length);
    long chunkNumber = firstChunk + chunks.size() - 1;
    timestamps[size] = r.timestamp();
    expiries[size] = r.expiresAtMillis();
    locations[size] = (chunkNumber << 32) | chunkFill;
    lengths[size] = payload.length;
    metered[size] = r.meteredBytes();
    meteredTotal += r.meteredBytes();
    chunkFill += payload.length;
    size++;
  }

  List<StoredRecord> read(long fromSeqNum, ReadBounds bounds, long nowMillis) {
    lock.readLock().lock();
    try {
      List<StoredRecord> out = new ArrayList<>();
      long bytes = 0;
      int slot = slotAtOrAfter(fromSeqNum);
      for (; slot < size && out.size() < bounds.count(); slot++) {
        if (expiries[slot] <= nowMillis) {
          continue;
        }
        if (Long.compareUnsigned(timestamps[slot], bounds.untilTimestamp()) >= 0
            || bytes + metered[slot] > bounds.meteredBytes()) {
          break;
        }
        bytes += metered[slot];
        out.add(record(slot));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  private int slotAtOrAfter(long seqNum) {
    if (Long.compareUnsigned(seqNum, baseSeqNum + head) <= 0) {
      return head;
    }
    if (Long.compareUnsigned(seqNum, baseSeqNum + size) >= 0) {
      return size;
    }
    return (int) (seqNum - baseSeqNum);
  }

  private StoredRecord record(int slot) {
    long location = locations[slot];
    byte[] chunk = chunks.get((int) ((location >>> 32) - firstChunk));
    int offset = (int) location;
    byte[] payload = Arrays.copyOfRange(chunk, offset, offset + lengths[slot]);
    return new StoredRecord(baseSeqNum + slot, timestamps[slot], expiries[slot], metered[slot], payload);
  }

  long seqNumAtOrAfter(long timestamp) {
    lock.readLock().lock();
    try {
      int lo = head;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Long.compareUnsigned(timestamps[mid], timestamp) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo < size ? baseSeqNum + lo : state.nextSeqNum();
    } finally {
      lock.readLock().unlock();
    }
  }

  long liveCount(long nowMillis) {
    lock.readLock().lock();
    try {
      long live = 0;
      for (int slot = head; slot < size; slot++) {
        if (expiries[slot] > nowMillis) {
          live++;
        }
      }
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  void delete(long belowSeqNum, long nowMillis) {
    lock.writeLock().lock();
    try {
      int newHead = Long.compareUnsigned(belowSeqNum, baseSeqNum + size) >= 0
          ? size : Math.max(head, slotAtOrAfter(belowSeqNum));
      while (newHead < size && expiries[newHead] <= nowMillis) {
        newHead++;
      }
      if (newHead == head) {
        return;
      }
      for (int slot = head; slot < newHead; slot++) {
        meteredTotal -= metered[slot];
      }
      head = newHead;
      releaseChunks();
      compact();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Drops the chunks that hold no kept record. */
  private void releaseChunks() {
    long keepFrom = head < size ? locations[head] >>> 32 : firstChunk + chunks.size() - 1;
    int drop = (int) (keepFrom - firstChunk);
    if (head == size && !chunks.isEmpty()) {
      drop = chunks.size();
      chunkFill = 0;
    }
    if (drop > 0) {
      chunks.subList(0, drop).clear();
      firstChunk += drop;
    }
  }

  /** Moves the kept slots to the front once the deleted ones are the larger part. */
  private void compact() {
    if (head < 1024 || head < size / 2) {
      return;
    }
    int kept = size - head;
    System.arraycopy(timestamps, head, timestamps, 0, kept);
    System.arraycopy(expiries, head, expiries, 0, kept);
    System.arraycopy(locations, head, locations, 0, kept);
    System.arraycopy(lengths, head, lengths, 0, kept);
    System.arraycopy(metered, head, metered, 0, kept);
    baseSeqNum += head;
    size = kept;
    head = 0;
  }

  long meteredBytes() {
    lock.readLock().lock();
    try {
      return meteredTotal;
    } finally {
      lock.readLock().unlock();
    }
  }

  long footprint() {
    lock.readLock().lock();
    try {
      long bytes = (long) timestamps.length * (8 + 8 + 8 + 4 + 4);
      for (byte[] chunk : chunks) {
        bytes += chunk.length;
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
  }
}
