package dev.s2lite.emulator.metrics;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that tells {@link Usage} how much each stream stores, and when streams come and go, as
 * writes pass through it: whatever writes (appends, trims, retention, deletion), the storage
 * metrics follow what is actually kept.
 */
public final class MeteredStore implements Store {

  private final Store store;
  private final Usage usage;

  public MeteredStore(Store store, Usage usage) {
    this.store = store;
    this.usage = usage;
  }

  @Override
  public Optional<String> unavailable() {
    return store.unavailable();
  }

  @Override
  public Optional<BasinMeta> basin(String name) {
    return store.basin(name);
  }

  @Override
  public List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    return store.basins(prefix, startAfter, limit);
  }

  @Override
  public void putBasin(BasinMeta basin) {
    store.putBasin(basin);
  }

  @Override
  public void removeBasin(String name) {
    store.removeBasin(name);
  }

  @Override
  public Optional<StreamMeta> stream(String basin, String name) {
    return store.stream(basin, name);
  }

  @Override
  public List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    return store.streams(basin, prefix, startAfter, limit);
  }

  @Override
  public void putStream(StreamMeta stream) {
    store.putStream(stream);
    usage.streamPut(stream.basin(), stream.name(), StorageClass.EXPRESS.equals(stream.config().storageClass()));
  }

  @Override
  public void removeStream(String basin, String name) {
    store.removeStream(basin, name);
    usage.streamRemoved(basin, name);
  }

  @Override
  public RecordsState recordsState(String basin, String stream) {
    return store.recordsState(basin, stream);
  }

  @Override
  public CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after) {
    CompletableFuture<Void> durable = store.appendRecords(basin, stream, records, after);
    durable.thenRun(() -> {
      long bytes = 0;
      for (StoredRecord r : records) {
        bytes += r.meteredBytes();
      }
      usage.storedMore(basin, stream, bytes);
    });
    return durable;
  }

  @Override
  public List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis) {
    return store.readRecords(basin, stream, fromSeqNum, bounds, nowMillis);
  }

  @Override
  public long seqNumAtOrAfter(String basin, String stream, long timestamp) {
    return store.seqNumAtOrAfter(basin, stream, timestamp);
  }

  @Override
  public long liveRecordCount(String basin, String stream, long nowMillis) {
    return store.liveRecordCount(basin, stream, nowMillis);
  }

  @Override
  public void deleteRecords(String basin, String stream, long seqNum, long nowMillis) {
    store.deleteRecords(basin, stream, seqNum, nowMillis);
    usage.stored(basin, stream, store.meteredBytes(basin, stream));
  }

  @Override
  public long meteredBytes(String basin, String stream) {
    return store.meteredBytes(basin, stream);
  }

  @Override
  public long recordsFootprint(String basin, String stream) {
    return store.recordsFootprint(basin, stream);
  }

  @Override
  public void clear() {
    store.clear();
    usage.clear();
  }

  @Override
  public void close() {
    store.close();
  }
}
