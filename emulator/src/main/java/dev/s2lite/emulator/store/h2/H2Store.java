package dev.s2lite.emulator.store.h2;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.NameOrder;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --local-root} store: one H2 MVStore file under the directory. Every write goes
 * through one committer thread, which applies what arrived during a flush interval (record
 * batches of any streams, metadata changes) and makes it durable with one commit and one fsync;
 * only then are the writers answered. The file is locked, so one process at a time uses it.
 *
 * <p>Readers never see records that are not durable: each stream's durable state is kept in
 * memory and reads stop at its tail. The heap holds that state, per stream, and H2's page cache;
 * records stay on disk.
 */
public final class H2Store implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(H2Store.class);

  /** The database file inside the store's directory. */
  public static final String FILE_NAME = "s2lite.mv.db";

  private static final String FORMAT = "1";
  private static final String RECORDS_MAP_PREFIX = "records.";
  /** Records removed per commit when deleting, so a large trim does not hold back appends. */
  static final int DELETE_CHUNK = 10_000;
  /**
   * How old a dead chunk must be before new chunks are written over it. Every commit is fsync'ed
   * within a flush interval, so seconds are plenty for the disk (H2's default, 45 s, assumes no
   * fsync); it also covers a read still walking an older version of a map.
   */
  static final int CHUNK_RETENTION_MILLIS = 5_000;
  /** Header of a stored record: timestamp, expiry, metered bytes. */
  private static final int RECORD_HEADER = 8 + 8 + 4;

  private final Path file;
  private final MVStore mv;
  private final MVMap<String, String> info;
  private final MVMap<String, byte[]> basins;
  private final MVMap<String, byte[]> streams;
  private final MVMap<String, byte[]> states;
  private final Map<StreamKey, Tracked> tracked = new ConcurrentHashMap<>();
  /** Taken to load a stream's state and to remove one, so a map is never reopened as it goes. */
  private final Object structureLock = new Object();
  private final Committer committer;

  private record StreamKey(String basin, String stream) {
    String mapKey() {
      return SortKey.stream(basin, stream);
    }
  }

  /** What the store knows of one stream's records; created on first use from the stored state. */
  private static final class Tracked {
    /** The durable state: readers stop at its tail. */
    volatile StreamRecords durable;
    /** The stream's records map, or null before its first record. */
    volatile MVMap<Long, byte[]> records;
    /** The state as applied by the committer, ahead of {@link #durable} until the commit. */
    StreamRecords applied;
    /** Guarded by this: where the next batch handed over must start. */
    long handedNext;

    Tracked(StreamRecords stored, MVMap<Long, byte[]> records) {
      this.durable = stored;
      this.applied = stored;
      this.records = records;
      this.handedNext = stored.state().nextSeqNum();
    }
  }

  private H2Store(Path file, MVStore mv, NewestChunkFileStore fileStore, Duration flushInterval) {
    this.file = file;
    this.mv = mv;
    this.info = mv.openMap("info", new MVMap.Builder<String, String>()
        .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    this.basins = metaMap("basins");
    this.streams = metaMap("streams");
    this.states = metaMap("states");
    checkFormat();
    dropOrphanRecordMaps();
    this.committer = new Committer(mv, fileStore, flushInterval, file.toString());
  }

  /**
   * Opens (creating it if missing) the store in {@code dir}, at the state of its last commit:
   * exactly what was acknowledged.
   *
   * @param cacheBytes heap bytes for H2's page cache
   * @throws IllegalStateException when the directory is in use by another process or unreadable
   */
  public static H2Store open(Path dir, Duration flushInterval, long cacheBytes) {
    return open(dir, flushInterval, cacheBytes, CHUNK_RETENTION_MILLIS);
  }

  /**
   * As {@link #open(Path, Duration, long)}, reusing the space of a dead chunk once it is {@code
   * chunkRetentionMillis} old; tests shorten it to see space reused at once.
   */
  static H2Store open(Path dir, Duration flushInterval, long cacheBytes, int chunkRetentionMillis) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the local root " + dir + ": " + e, e);
    }
    NewestChunkFileStore fileStore = new NewestChunkFileStore((int) Math.max(1, cacheBytes >> 20));
    MVStore mv;
    try {
      fileStore.open(file.toString(), false, null);
      mv = new MVStore.Builder()
          .adoptFileStore(fileStore)
          // Only the committer commits: never half a group, never between a batch and its state.
          .autoCommitDisabled()
          .autoCommitBufferSize(0)
          .open();
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new IllegalStateException("the local root " + dir + " is in use by another process ("
            + file + " is locked)", e);
      }
      throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
    }
    // New chunks go into the space of dead chunks once these are older than the retention time;
    // the committer compacts, so chunks die, and names each new chunk in the store header, so a
    // restart after kill -9 finds it wherever it was written.
    mv.setReuseSpace(true);
    mv.setRetentionTime(chunkRetentionMillis);
    try {
      return new H2Store(file, mv, fileStore, flushInterval);
    } catch (RuntimeException e) {
      mv.closeImmediately();
      throw e instanceof IllegalStateException ? e : new IllegalStateException("cannot open " + file + ": " + e, e);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  private MVMap<String, byte[]> metaMap(String name) {
    return mv.openMap(name, new MVMap.Builder<String, byte[]>()
        .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
  }

  /** Single-writer maps take appends in bulk (the committer is their only writer): half the CPU of puts. */
  private static MVMap.Builder<Long, byte[]> recordsMapBuilder() {
    return new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)
        .singleWriter();
  }

  private MVMap<Long, byte[]> recordsMap(long id) {
    return mv.openMap(RECORDS_MAP_PREFIX + id, recordsMapBuilder());
  }

  private void checkFormat() {
    String format = info.get("format");
    if (format == null) {
      info.put("format", FORMAT);
      mv.commit();
      mv.sync();
    } else if (!format.equals(FORMAT)) {
      throw new IllegalStateException(file + " has storage format " + format + "; this build reads format " + FORMAT);
    }
  }

  /** Removes record maps no stream refers to (left by a removal cut short); none in normal operation. */
  private void dropOrphanRecordMaps() {
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Cursor<String, byte[]> c = states.cursor(null); c.hasNext(); ) {
      c.next();
      used.add(RECORDS_MAP_PREFIX + MetaCodec.records(c.getValue()).mapId());
    }
    boolean dropped = false;
    for (String name : List.copyOf(mv.getMapNames())) {
      if (name.startsWith(RECORDS_MAP_PREFIX) && !used.contains(name)) {
        mv.removeMap(name);
        dropped = true;
      }
    }
    if (dropped) {
      mv.commit();
      mv.sync();
    }
  }

  private long nextMapId() {
    long id = Long.parseLong(info.getOrDefault("nextMapId", "1"));
    info.put("nextMapId", Long.toString(id + 1));
    return id;
  }

  // --- metadata: written through the committer, answered once durable ---

  @Override
  public Optional<BasinMeta> basin(String name) {
    byte[] stored = basins.get(SortKey.of(name));
    return stored == null ? Optional.empty() : Optional.of(MetaCodec.basin(stored));
  }

  @Override
  public List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    return page(basins, "", prefix, startAfter, limit, MetaCodec::basin);
  }

  @Override
  public void putBasin(BasinMeta basin) {
    write(() -> basins.put(SortKey.of(basin.name()), MetaCodec.basin(basin)));
  }

  @Override
  public void removeBasin(String name) {
    write(() -> basins.remove(SortKey.of(name)));
  }

  @Override
  public Optional<StreamMeta> stream(String basin, String name) {
    byte[] stored = streams.get(SortKey.stream(basin, name));
    return stored == null ? Optional.empty() : Optional.of(MetaCodec.stream(stored));
  }

  @Override
  public List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    return page(streams, SortKey.of(basin) + '\0', prefix, startAfter, limit, MetaCodec::stream);
  }

  @Override
  public void putStream(StreamMeta stream) {
    write(() -> streams.put(SortKey.stream(stream.basin(), stream.name()), MetaCodec.stream(stream)));
  }

  @Override
  public void removeStream(String basin, String name) {
    StreamKey key = new StreamKey(basin, name);
    write(() -> {
      streams.remove(key.mapKey());
      synchronized (structureLock) {
        byte[] stored = states.remove(key.mapKey());
        Tracked t = tracked.remove(key);
        long mapId = stored == null ? 0 : MetaCodec.records(stored).mapId();
        if (mapId != 0 && mv.hasMap(RECORDS_MAP_PREFIX + mapId)) {
          mv.removeMap(t != null && t.records != null ? t.records : recordsMap(mapId));
        }
      }
    });
  }

  @Override
  public void clear() {
    write(() -> {
      synchronized (structureLock) {
        for (String name : List.copyOf(mv.getMapNames())) {
          if (name.startsWith(RECORDS_MAP_PREFIX)) {
            mv.removeMap(name);
          }
        }
        basins.clear();
        streams.clear();
        states.clear();
        tracked.clear();
      }
    });
  }

  /** Applies a metadata change in the committer's next group and waits until it is durable. */
  private void write(Runnable change) {
    join(committer.submit(new Committer.Op<Void>() {
      @Override
      void apply() {
        change.run();
      }
    }));
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static <T> List<T> page(MVMap<String, byte[]> map, String base, String prefix,
      String startAfter, int limit, Function<byte[], T> decode) {
    String prefixKey = base + SortKey.of(prefix);
    boolean afterStart = !startAfter.isEmpty() && NameOrder.compare(startAfter, prefix) >= 0;
    String from = afterStart ? base + SortKey.of(startAfter) : prefixKey;
    List<T> out = new ArrayList<>(Math.min(limit, 64));
    for (Cursor<String, byte[]> c = map.cursor(from); c.hasNext() && out.size() < limit; ) {
      String key = c.next();
      if (afterStart && key.equals(from)) {
        continue;
      }
      if (!key.startsWith(prefixKey)) {
        break;
      }
      out.add(decode.apply(c.getValue()));
    }
    return out;
  }

  // --- records ---

  /**
   * The stream's tracked state, loaded from the stored state on first use; with {@code create}
   * false, null for a stream that has no stored state (nothing is cached for it).
   */
  private Tracked tracked(StreamKey key, boolean create) {
    Tracked t = tracked.get(key);
    if (t != null) {
      return t;
    }
    synchronized (structureLock) {
      t = tracked.get(key);
      if (t != null) {
        return t;
      }
      byte[] stored = states.get(key.mapKey());
      if (stored == null && !create) {
        return null;
      }
      StreamRecords state = stored == null ? StreamRecords.EMPTY : MetaCodec.records(stored);
      t = new Tracked(state, state.mapId() == 0 ? null : recordsMap(state.mapId()));
      tracked.put(key, t);
      return t;
    }
  }

  @Override
  public RecordsState recordsState(String basin, String stream) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    return t == null ? RecordsState.EMPTY : t.durable.state();
  }

  @Override
  public CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after) {
    StreamKey key = new StreamKey(basin, stream);
    Tracked t = tracked(key, true);
    synchronized (t) {
      if (!records.isEmpty() && records.get(0).seqNum() != t.handedNext) {
        throw new IllegalStateException("batch of " + basin + "/" + stream + " starts at "
            + records.get(0).seqNum() + ", the stream's next seq_num is " + t.handedNext);
      }
      t.handedNext = after.nextSeqNum();
      // Submitted under the stream's lock, so its batches reach the committer in hand-over order.
      return committer.submit(new AppendOp(key, t, records, after));
    }
  }

  /** One batch of one stream: its records and the stream's new state, in one commit. */
  private final class AppendOp extends Committer.Op<Void> {
    private final StreamKey key;
    private final Tracked t;
    private final List<StoredRecord> records;
    private final RecordsState after;
    private StreamRecords result;

    AppendOp(StreamKey key, Tracked t, List<StoredRecord> records, RecordsState after) {
      this.key = key;
      this.t = t;
      this.records = records;
      this.after = after;
    }

    @Override
    void apply() {
      if (tracked.get(key) != t) {
        // The stream was removed after this batch was handed over: nothing to keep.
        result = null;
        return;
      }
      StreamRecords s = t.applied;
      long mapId = s.mapId();
      if (t.records == null) {
        mapId = nextMapId();
        t.records = recordsMap(mapId);
      }
      long maxExpiry = s.maxExpiry();
      boolean inOrder = s.expiriesInOrder();
      long bytes = s.payloadBytes();
      long metered = s.meteredBytes();
      for (StoredRecord r : records) {
        t.records.append(r.seqNum(), encode(r));
        inOrder &= r.expiresAtMillis() >= maxExpiry;
        maxExpiry = Math.max(maxExpiry, r.expiresAtMillis());
        bytes += r.payload().length;
        metered += r.meteredBytes();
      }
      result = new StreamRecords(after, mapId, maxExpiry, inOrder, bytes, metered);
      t.applied = result;
      states.put(key.mapKey(), MetaCodec.records(result));
    }

    @Override
    void durable() {
      if (result != null) {
        t.durable = result;
      }
    }
  }

  private static byte[] encode(StoredRecord r) {
    byte[] payload = r.payload();
    return ByteBuffer.allocate(RECORD_HEADER + payload.length)
        .putLong(r.timestamp()).putLong(r.expiresAtMillis()).putInt(r.meteredBytes()).put(payload).array();
  }

  private static StoredRecord decode(long seqNum, byte[] stored) {
    ByteBuffer b = ByteBuffer.wrap(stored);
    return new StoredRecord(seqNum, b.getLong(), b.getLong(), b.getInt(),
        Arrays.copyOfRange(stored, RECORD_HEADER, stored.length));
  }

  private static long timestamp(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong(0);
  }

  private static long expiry(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong(8);
  }

  private static int meteredBytes(byte[] stored) {
    return ByteBuffer.wrap(stored).getInt(16);
  }

  @Override
  public List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    if (t == null || bounds.count() <= 0) {
      return List.of();
    }
    MVMap<Long, byte[]> map = t.records;
    long end = t.durable.state().nextSeqNum();
    // Seq_nums past 2^63 (negative as longs) are past any tail.
    if (map == null || fromSeqNum < 0 || fromSeqNum >= end) {
      return List.of();
    }
    List<StoredRecord> out = new ArrayList<>();
    long bytes = 0;
    try {
      for (Cursor<Long, byte[]> c = map.cursor(fromSeqNum); c.hasNext() && out.size() < bounds.count(); ) {
        long seq = c.next();
        if (seq >= end) {
          break;
        }
        byte[] stored = c.getValue();
        if (expiry(stored) <= nowMillis) {
          continue;
        }
        StoredRecord r = decode(seq, stored);
        if (Long.compareUnsigned(r.timestamp(), bounds.untilTimestamp()) >= 0
            || bytes + r.meteredBytes() > bounds.meteredBytes()) {
          break;
        }
        bytes += r.meteredBytes();
        out.add(r);
      }
    } catch (MVStoreException | IllegalStateException e) {
      // The stream was removed while being read.
      if (!map.isClosed()) {
        throw e;
      }
    }
    return out;
  }

  @Override
  public long seqNumAtOrAfter(String basin, String stream, long timestamp) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    if (t == null) {
      return 0;
    }
    long end = t.durable.state().nextSeqNum();
    MVMap<Long, byte[]> map = t.records;
    Long first = map == null ? null : map.firstKey();
    if (first == null || first >= end) {
      return end;
    }
    // Kept records are dense from the first to the tail, with non-decreasing timestamps.
    long lo = first;
    long hi = end;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      byte[] stored = map.get(mid);
      if (stored == null || Long.compareUnsigned(timestamp(stored), timestamp) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public long liveRecordCount(String basin, String stream, long nowMillis) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    MVMap<Long, byte[]> map = t == null ? null : t.records;
    if (map == null) {
      return 0;
    }
    StreamRecords s = t.durable;
    long end = s.state().nextSeqNum();
    Long first = map.firstKey();
    if (first == null || first >= end) {
      return 0;
    }
    if (s.expiriesInOrder()) {
      long lo = first;
      long hi = end;
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        byte[] stored = map.get(mid);
        if (stored == null || expiry(stored) <= nowMillis) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return end - lo;
    }
    long live = 0;
    for (Cursor<Long, byte[]> c = map.cursor(first); c.hasNext(); ) {
      if (c.next() >= end) {
        break;
      }
      if (expiry(c.getValue()) > nowMillis) {
        live++;
      }
    }
    return live;
  }

  @Override
  public void deleteRecords(String basin, String stream, long seqNum, long nowMillis) {
    StreamKey key = new StreamKey(basin, stream);
    Tracked t = tracked(key, false);
    MVMap<Long, byte[]> map = t == null ? null : t.records;
    Long first = map == null ? null : map.firstKey();
    byte[] firstRecord = first == null ? null : map.get(first);
    // The housekeeper asks for every stream on every pass: only a deletion with work takes a commit.
    if (firstRecord == null || (Long.compareUnsigned(first, seqNum) >= 0 && expiry(firstRecord) > nowMillis)) {
      return;
    }
    while (join(committer.submit(new DeleteOp(key, seqNum, nowMillis)))) {
      // Each chunk is its own commit, so appends interleave with a large deletion.
    }
  }

  /** Deletes up to {@link #DELETE_CHUNK} records; completes with whether more are left to delete. */
  private final class DeleteOp extends Committer.Op<Boolean> {
    private final StreamKey key;
    private final long below;
    private final long now;
    private Tracked t;
    private StreamRecords result;

    DeleteOp(StreamKey key, long below, long now) {
      value = false;
      this.key = key;
      this.below = below;
      this.now = now;
    }

    @Override
    void apply() {
      t = tracked.get(key);
      MVMap<Long, byte[]> map = t == null ? null : t.records;
      if (map == null) {
        return;
      }
      StreamRecords s = t.applied;
      long durableEnd = t.durable.state().nextSeqNum();
      long bytes = s.payloadBytes();
      long metered = s.meteredBytes();
      int removed = 0;
      boolean more = false;
      for (Cursor<Long, byte[]> c = map.cursor(map.firstKey()); c.hasNext(); ) {
        long seq = c.next();
        boolean trimmed = Long.compareUnsigned(seq, below) < 0;
        if (seq >= durableEnd || !(trimmed || expiry(c.getValue()) <= now)) {
          break;
        }
        if (removed == DELETE_CHUNK) {
          more = true;
          break;
        }
        byte[] gone = map.remove(seq);
        if (gone != null) {
          bytes -= gone.length - RECORD_HEADER;
          metered -= meteredBytes(gone);
        }
        removed++;
      }
      if (removed == 0) {
        return;
      }
      boolean empty = map.isEmpty();
      result = new StreamRecords(s.state(), s.mapId(), empty ? 0 : s.maxExpiry(),
          empty || s.expiriesInOrder(), bytes, metered);
      t.applied = result;
      states.put(key.mapKey(), MetaCodec.records(result));
      value = more;
    }

    @Override
    void durable() {
      if (result != null) {
        // The whole group is durable now, so is everything applied up to this deletion.
        t.durable = result;
      }
    }
  }

  @Override
  public long meteredBytes(String basin, String stream) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    return t == null ? 0 : t.durable.meteredBytes();
  }

  @Override
  public long recordsFootprint(String basin, String stream) {
    Tracked t = tracked(new StreamKey(basin, stream), false);
    return t == null ? 0 : t.durable.payloadBytes();
  }

  /** Completes once the store is idle and compacting found nothing more to move (for tests). */
  CompletableFuture<Void> compactionSettled() {
    return committer.compactionSettled();
  }

  /** Bytes the database file takes on disk. */
  public long fileSize() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Time closing may spend compacting the file, giving back the space of deleted records. */
  private static final int CLOSE_COMPACTION_MILLIS = 5_000;

  /**
   * Makes every write submitted so far durable and stops; the file is compacted (within a few
   * seconds) and closed cleanly, so the next start has nothing to recover.
   */
  @Override
  public void close() {
    if (!committer.stop()) {
      return;
    }
    try {
      // Nothing writes any more: moving chunks into freed space is safe now.
      mv.setReuseSpace(true);
      mv.compactFile(CLOSE_COMPACTION_MILLIS);
      mv.close();
    } catch (MVStoreException e) {
      LOG.warn("closing {} failed: {}", file, e.toString());
      mv.closeImmediately();
    }
  }

  /** Stops as a killed process would: nothing queued is written, the file is not compacted nor closed (recovery tests). */
  void halt() {
    if (committer.halt()) {
      mv.closeImmediately();
    }
  }

  /** The error stores report when a write could not be made durable. */
  static S2Error storageError(String what) {
    return S2Error.storage("database: " + what);
  }
}
