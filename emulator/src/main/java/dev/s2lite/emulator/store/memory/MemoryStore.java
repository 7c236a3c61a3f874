package dev.s2lite.emulator.store.memory;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.NameOrder;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The default store: everything on the heap, nothing survives the process. */
public final class MemoryStore implements Store {

  private final ConcurrentSkipListMap<String, BasinMeta> basins =
      new ConcurrentSkipListMap<>(NameOrder.UTF8);
  private final Map<String, ConcurrentSkipListMap<String, StreamMeta>> streams =
      new ConcurrentHashMap<>();
  private final Map<StreamKey, RecordLog> logs = new ConcurrentHashMap<>();

  /** In memory, a batch is as durable as it gets once it is in the log. */
  private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

  private record StreamKey(String basin, String stream) {}

  @Override
  public Optional<BasinMeta> basin(String name) {
    return Optional.ofNullable(basins.get(name));
  }

  @Override
  public List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    return NameOrder.page(basins, prefix, startAfter, limit);
  }

  @Override
  public void putBasin(BasinMeta basin) {
    basins.put(basin.name(), basin);
  }

  @Override
  public void removeBasin(String name) {
    basins.remove(name);
  }

  @Override
  public Optional<StreamMeta> stream(String basin, String name) {
    var inBasin = streams.get(basin);
    return inBasin == null ? Optional.empty() : Optional.ofNullable(inBasin.get(name));
  }

  @Override
  public List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    var inBasin = streams.get(basin);
    return inBasin == null ? List.of() : NameOrder.page(inBasin, prefix, startAfter, limit);
  }

  @Override
  public void putStream(StreamMeta stream) {
    // Inside compute, so a concurrent removeStream cannot drop the basin's map under this put.
    streams.compute(stream.basin(), (b, inBasin) -> {
      var map = inBasin == null ? new ConcurrentSkipListMap<String, StreamMeta>(NameOrder.UTF8) : inBasin;
      map.put(stream.name(), stream);
      return map;
    });
  }

  @Override
  public void removeStream(String basin, String name) {
    streams.computeIfPresent(basin, (b, inBasin) -> {
      inBasin.remove(name);
      return inBasin.isEmpty() ? null : inBasin;
    });
    logs.remove(new StreamKey(basin, name));
  }

  @Override
  public RecordsState recordsState(String basin, String stream) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? RecordsState.EMPTY : log.state();
  }

  @Override
  public CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after) {
    logs.computeIfAbsent(new StreamKey(basin, stream), k -> new RecordLog()).append(records, after);
    return DURABLE;
  }

  @Override
  public List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? List.of() : log.read(fromSeqNum, bounds, nowMillis);
  }

  @Override
  public long seqNumAtOrAfter(String basin, String stream, long timestamp) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? 0 : log.seqNumAtOrAfter(timestamp);
  }

  @Override
  public long liveRecordCount(String basin, String stream, long nowMillis) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? 0 : log.liveCount(nowMillis);
  }

  @Override
  public void deleteRecords(String basin, String stream, long seqNum, long nowMillis) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    if (log != null) {
      log.delete(seqNum, nowMillis);
    }
  }

  @Override
  public long meteredBytes(String basin, String stream) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? 0 : log.meteredBytes();
  }

  @Override
  public long recordsFootprint(String basin, String stream) {
    RecordLog log = logs.get(new StreamKey(basin, stream));
    return log == null ? 0 : log.footprint();
  }

  @Override
  public void clear() {
    basins.clear();
    streams.clear();
    logs.clear();
  }

  @Override
  public void close() {
    clear();
  }
}
