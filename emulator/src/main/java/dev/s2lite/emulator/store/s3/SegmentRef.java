package dev.s2lite.emulator.store.s3;

/**
 * What the index knows of a segment without reading it: enough to find a seq_num or a timestamp,
 * to count live records, and to skip segments that are wholly expired.
 *
 * @param key the object's key under the store's path
 * @param endSeq one past the last seq_num
 * @param minExpiry the earliest expiry of a record in it (expiries need not be ordered: the
 *     retention can change)
 * @param meteredBytes the sum of its records' metered sizes
 */
record SegmentRef(
    String key,
    long firstSeq,
    long endSeq,
    long firstTimestamp,
    long lastTimestamp,
    long minExpiry,
    long maxExpiry,
    long meteredBytes,
    long bytes) {

  long count() {
    return endSeq - firstSeq;
  }

  static final String PREFIX = "segments/";

  /** A segment's key: per stream incarnation, by first seq_num, unique to the writer. */
  static String key(String streamId, long firstSeq, long epoch, long serial) {
    return String.format("%s%s/%020d-%d-%d.seg", PREFIX, streamId, firstSeq, epoch, serial);
  }

  /** The epoch of the writer that wrote the segment with this key, or -1 if it is not a segment's. */
  static long epochOf(String key) {
    int dash = key.indexOf('-', key.lastIndexOf('/'));
    int dash2 = dash < 0 ? -1 : key.indexOf('-', dash + 1);
    if (!key.startsWith(PREFIX) || dash2 < 0) {
      return -1;
    }
    try {
      return Long.parseLong(key.substring(dash + 1, dash2));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
