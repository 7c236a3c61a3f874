package dev.s2lite.emulator.testing;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store whose record batches become durable only when the test commits them, as a durable
 * store's group commit does later: it keeps the Store contract (batches of a stream become durable
 * in order, reads see only durable batches, a failure fails the later batches of its stream) on
 * top of a {@link MemoryStore}, so the engine can be tested between "handed over" and "durable".
 */
public final class CommitOnDemandStore implements Store {

  private final MemoryStore durable = new MemoryStore();
  private final ArrayDeque<Batch> handedOver = new ArrayDeque<>();

  private record Batch(String basin, String stream, List<StoredRecord> records, RecordsState after,
      CompletableFuture<Void> done) {}

  /** Batches handed over and not yet committed. */
  public synchronized int pending() {
    return handedOver.size();
  }

  /** Makes every batch handed over so far durable, in order (one group commit). */
  public void commit() {
    for (Batch b : take()) {
      durable.appendRecords(b.basin(), b.stream(), b.records(), b.after()).join();
      b.done().complete(null);
    }
  }

  /** Fails every batch handed over so far, writing none of them. */
  public void failAll(RuntimeException failure) {
    for (Batch b : take()) {
      b.done().completeExceptionally(failure);
    }
  }

  private synchronized List<Batch> take() {
    List<Batch> taken = List.copyOf(handedOver);
    handedOver.clear();
    return taken;
  }

  @Override
  public synchronized CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    handedOver.add(new Batch(basin, stream, records, after, done));
    return done;
  }

  @Override
  public Optional<BasinMeta> basin(String name) {
    return durable.basin(name);
  }

  @Override
  public List<BasinMeta> basins(String prefix, String startAfter, int limit) {
    return durable.basins(prefix, startAfter, limit);
  }

  @Override
  public void putBasin(BasinMeta basin) {
    durable.putBasin(basin);
  }

  @Override
  public void removeBasin(String name) {
    durable.removeBasin(name);
  }

  @Override
  public Optional<StreamMeta> stream(String basin, String name) {
    return durable.stream(basin, name);
  }

  @Override
  public List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit) {
    return durable.streams(basin, prefix, startAfter, limit);
  }

  @Override
  public void putStream(StreamMeta stream) {
    durable.putStream(stream);
  }

  @Override
  public void removeStream(String basin, String name) {
    durable.removeStream(basin, name);
  }

  @Override
  public RecordsState recordsState(String basin, String stream) {
    return durable.recordsState(basin, stream);
  }

  @Override
  public List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis) {
    return durable.readRecords(basin, stream, fromSeqNum, bounds, nowMillis);
  }

  @Override
  public long seqNumAtOrAfter(String basin, String stream, long timestamp) {
    return durable.seqNumAtOrAfter(basin, stream, timestamp);
  }

  @Override
  public long liveRecordCount(String basin, String stream, long nowMillis) {
    return durable.liveRecordCount(basin, stream, nowMillis);
  }

  @Override
  public void deleteRecords(String basin, String stream, long seqNum, long nowMillis) {
    durable.deleteRecords(basin, stream, seqNum, nowMillis);
  }

  @Override
  public long meteredBytes(String basin, String stream) {
    return durable.meteredBytes(basin, stream);
  }

  @Override
  public long recordsFootprint(String basin, String stream) {
    return durable.recordsFootprint(basin, stream);
  }

  @Override
  public void clear() {
    durable.clear();
  }

  @Override
  public void close() {
    durable.close();
  }
}
