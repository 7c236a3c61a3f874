package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.stream.StreamMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A checkpoint of the whole store: every basin and stream, and per stream its records state,
 * deletion point and segments, as of the write-ahead log up to (not including) object
 * {@code walPosition}. Recovery reads the newest manifest and replays the log from there.
 * Manifests are numbered and written only if absent: a writer claims the next number when it
 * starts (its {@code epoch}), so an older writer's next manifest fails and it stops.
 */
record Manifest(
    long number,
    long epoch,
    long walPosition,
    List<BasinMeta> basins,
    List<StreamMeta> streams,
    List<StreamIndex> records) {

  /**
   * One stream incarnation's records.
   *
   * @param id names the incarnation's segments; a stream recreated under the same name gets another
   * @param head records below this seq_num are deleted
   * @param meteredBytes the metered size of the records from {@code head} on
   */
  record StreamIndex(String basin, String stream, String id, RecordsState state, long head,
      long meteredBytes, List<SegmentRef> segments) {}

  private static final byte[] MAGIC = "S2LM\u0001".getBytes(StandardCharsets.ISO_8859_1);
  static final String PREFIX = "manifest/";

  static Manifest empty() {
    return new Manifest(0, 0, 0, List.of(), List.of(), List.of());
  }

  static String key(long number) {
    return String.format("%s%020d.manifest", PREFIX, number);
  }

  /** The number in a manifest's key, or -1 for another key. */
  static long numberOf(String key) {
    if (!key.startsWith(PREFIX) || !key.endsWith(".manifest")
        || key.length() != PREFIX.length() + 20 + ".manifest".length()) {
      return -1;
    }
    try {
      return Long.parseLong(key.substring(PREFIX.length(), PREFIX.length() + 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The same state, as the manifest a writer with this number and epoch writes. */
  Manifest renumbered(long newNumber, long newEpoch) {
    return new Manifest(newNumber, newEpoch, walPosition, basins, streams, records);
  }

  /** The keys of every segment this manifest refers to. */
  Set<String> segmentKeys() {
    Set<String> keys = new HashSet<>();
    for (StreamIndex s : records) {
      for (SegmentRef ref : s.segments()) {
        keys.add(ref.key());
      }
    }
    return keys;
  }

  byte[] encode() {
    BinaryWriter w = new BinaryWriter(4096);
    w.raw(MAGIC).i64(number).i64(epoch).i64(walPosition);
    w.i32(basins.size());
    for (BasinMeta b : basins) {
      MetaCodec.writeBasin(w, b);
    }
    w.i32(streams.size());
    for (StreamMeta s : streams) {
      MetaCodec.writeStream(w, s);
    }
    w.i32(records.size());
    for (StreamIndex s : records) {
      w.string(s.basin()).string(s.stream()).string(s.id());
      RecordsState st = s.state();
      w.i64(st.nextSeqNum()).i64(st.lastTimestamp()).string(st.fencingToken()).i64(st.trimPoint());
      w.i64(s.head()).i64(s.meteredBytes());
      w.i32(s.segments().size());
      for (SegmentRef ref : s.segments()) {
        w.string(ref.key()).i64(ref.firstSeq()).i64(ref.endSeq()).i64(ref.firstTimestamp())
            .i64(ref.lastTimestamp()).i64(ref.minExpiry()).i64(ref.maxExpiry()).i64(ref.meteredBytes())
            .i64(ref.bytes());
      }
    }
    return w.finish();
  }

  static Manifest decode(byte[] bytes, String what) {
    BinaryReader r = BinaryReader.checked(bytes, MAGIC, what);
    long number = r.i64();
    long epoch = r.i64();
    long walPosition = r.i64();
    int basinCount = r.count();
    List<BasinMeta> basins = new ArrayList<>(Math.min(basinCount, 1 << 16));
    for (int i = 0; i < basinCount; i++) {
      basins.add(MetaCodec.readBasin(r));
    }
    int streamCount = r.count();
    List<StreamMeta> streams = new ArrayList<>(Math.min(streamCount, 1 << 16));
    for (int i = 0; i < streamCount; i++) {
      streams.add(MetaCodec.readStream(r));
    }
    int recordsCount = r.count();
    List<StreamIndex> records = new ArrayList<>(Math.min(recordsCount, 1 << 16));
    for (int i = 0; i < recordsCount; i++) {
      String basin = r.string();
      String stream = r.string();
      String id = r.string();
      RecordsState state = new RecordsState(r.i64(), r.i64(), r.string(), r.i64());
      long head = r.i64();
      long metered = r.i64();
      int segmentCount = r.count();
      List<SegmentRef> segments = new ArrayList<>(Math.min(segmentCount, 1 << 16));
      for (int j = 0; j < segmentCount; j++) {
        segments.add(new SegmentRef(r.string(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64(), r.i64(),
            r.i64()));
      }
      records.add(new StreamIndex(basin, stream, id, state, head, metered, segments));
    }
    if (r.hasMore()) {
      throw r.corrupt("trailing bytes");
    }
    return new Manifest(number, epoch, walPosition, basins, streams, records);
  }
}
