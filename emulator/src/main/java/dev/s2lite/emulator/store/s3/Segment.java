package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A run of one stream's records with dense seq_nums, as one object in the bucket: written once
 * by a checkpoint, read whole into the cache. Parsing keeps the object's bytes and indexes into
 * them, so a cached segment costs its size plus 28 bytes a record.
 */
final class Segment {

  private static final byte[] MAGIC = "S2LS\u0001".getBytes(StandardCharsets.ISO_8859_1);

  final long firstSeq;
  private final byte[] data;
  private final long[] timestamps;
  private final long[] expiries;
  private final int[] metered;
  private final int[] offsets;
  private final int[] lengths;

  private Segment(long firstSeq, byte[] data, long[] timestamps, long[] expiries, int[] metered,
      int[] offsets, int[] lengths) {
    this.firstSeq = firstSeq;
    this.data = data;
    this.timestamps = timestamps;
    this.expiries = expiries;
    this.metered = metered;
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /** The object for {@code records}, which have dense seq_nums. */
  static byte[] encode(List<StoredRecord> records) {
    long size = 32;
    for (StoredRecord r : records) {
      size += 28 + r.payload().length;
    }
    BinaryWriter w = new BinaryWriter((int) Math.min(size, Integer.MAX_VALUE - 64));
    w.raw(MAGIC).i64(records.get(0).seqNum()).i32(records.size());
    for (StoredRecord r : records) {
      w.i64(r.timestamp()).i64(r.expiresAtMillis()).i32(r.meteredBytes()).bytes(r.payload());
    }
    return w.finish();
  }

  static Segment decode(byte[] bytes, String what) {
    BinaryReader r = BinaryReader.checked(bytes, MAGIC, what);
    long first = r.i64();
    int count = r.count();
    long[] timestamps = new long[count];
    long[] expiries = new long[count];
    int[] metered = new int[count];
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    for (int i = 0; i < count; i++) {
      timestamps[i] = r.i64();
      expiries[i] = r.i64();
      metered[i] = r.i32();
      int start = r.skipBytes();
      offsets[i] = start;
      lengths[i] = r.position() - start;
    }
    if (r.hasMore()) {
      throw r.corrupt("trailing bytes");
    }
    return new Segment(first, bytes, timestamps, expiries, metered, offsets, lengths);
  }

  int count() {
    return timestamps.length;
  }

  long endSeq() {
    return firstSeq + timestamps.length;
  }

  /** What the segment holds on the heap, for the cache's accounting. */
  long heapBytes() {
    return data.length + 28L * timestamps.length + 64;
  }

  long timestamp(int i) {
    return timestamps[i];
  }

  long expiry(int i) {
    return expiries[i];
  }

  int metered(int i) {
    return metered[i];
  }

  StoredRecord record(int i) {
    return new StoredRecord(firstSeq + i, timestamps[i], expiries[i], metered[i],
        Arrays.copyOfRange(data, offsets[i], offsets[i] + lengths[i]));
  }

  /** The index of the first record with timestamp at or after {@code timestamp} (unsigned), from {@code from}. */
  int firstAtOrAfter(long timestamp, int from) {
    int lo = from;
    int hi = timestamps.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(timestamps[mid], timestamp) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
