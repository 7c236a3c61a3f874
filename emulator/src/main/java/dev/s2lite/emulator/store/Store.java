package dev.s2lite.emulator.store;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the emulator keeps its state. A store knows nothing of S2 semantics beyond keeping what
 * it is given: the control plane decides, the store remembers. Listings are ordered by the
 * names' UTF-8 bytes. Every implementation passes {@code StoreContractTest}.
 *
 * <p>Callers serialize metadata writes; a store must still be safe for concurrent readers. A
 * metadata write is durable when the call returns: control-plane replies (created, updated,
 * deleted, a 409 for what exists) are sent only after it, as s2-lite 0.43 sends them.
 */
public interface Store extends AutoCloseable {

  Optional<BasinMeta> basin(String name);

  /**
   * Basins whose names start with {@code prefix} and sort strictly after {@code startAfter}, in
   * order, at most {@code limit} of them.
   */
  List<BasinMeta> basins(String prefix, String startAfter, int limit);

  /** Creates or replaces a basin. */
  void putBasin(BasinMeta basin);

  void removeBasin(String name);

  Optional<StreamMeta> stream(String basin, String name);

  /** As {@link #basins}, over the streams of one basin. */
  List<StreamMeta> streams(String basin, String prefix, String startAfter, int limit);

  /** Creates or replaces a stream's metadata. */
  void putStream(StreamMeta stream);

  /** Removes every trace of the stream: metadata, records and records state. */
  void removeStream(String basin, String name);

  // --- records: per stream; each stream's engine is its only writer, readers run concurrently ---

  /** The stream's records state; {@link RecordsState#EMPTY} for a stream without records yet. */
  RecordsState recordsState(String basin, String stream);

  /**
   * Appends a batch of sequenced records (dense seq_nums starting where the stream's previous
   * batch ended) and sets the records state, atomically. The future completes once the batch is
   * durable; a durable store may commit batches of many streams together (group commit), so the
   * caller must not wait for one batch before handing over the next. Batches of one stream become
   * durable, and their futures complete, in the order they were handed over; reads see a batch
   * once it is durable, never before.
   *
   * <p>A failed future means the batch's fate is unknown to the caller: the store fails every
   * later batch of that stream handed over before the failure was seen, and
   * {@link #recordsState} then tells what is durable (the stream's writer starts again from it).
   * Throws only for a programming error (a batch that does not follow the previous one).
   * An empty batch only sets the state (a restored stream whose first records are gone starts
   * at a later seq_num).
   */
  CompletableFuture<Void> appendRecords(
      String basin, String stream, List<StoredRecord> records, RecordsState after);

  /**
   * Records with seq_num at or after {@code fromSeqNum}, in order, skipping deleted ones and those
   * expired at {@code nowMillis}, stopping where {@code bounds} says.
   */
  List<StoredRecord> readRecords(
      String basin, String stream, long fromSeqNum, ReadBounds bounds, long nowMillis);

  /**
   * The seq_num of the first kept record whose timestamp is at or after {@code timestamp}
   * (unsigned), or the tail when there is none; found without scanning.
   */
  long seqNumAtOrAfter(String basin, String stream, long timestamp);

  /** How many records are kept and not expired at {@code nowMillis}. */
  long liveRecordCount(String basin, String stream, long nowMillis);

  /** Deletes the records below {@code seqNum}, and the leading records expired at {@code nowMillis}. */
  void deleteRecords(String basin, String stream, long seqNum, long nowMillis);

  /**
   * The metered bytes of the stream's kept records (expired ones count until deleted), for the
   * storage metrics; asked after every deletion, so a store keeps the sum rather than reading the
   * records.
   */
  long meteredBytes(String basin, String stream);

  /** Heap or disk bytes the stream's records take, for measurement. */
  long recordsFootprint(String basin, String stream);

  /**
   * Why the store can no longer serve, or empty while it can: a durable store fenced by a newer
   * writer on the same storage says {@code Fenced} (what s2-lite's {@code /health} then answers
   * with 503); one that lost its storage says so. Every other call then fails with
   * {@code 500 storage}.
   */
  default Optional<String> unavailable() {
    return Optional.empty();
  }

  /** Forgets everything: all basins, streams and records. */
  void clear();

  @Override
  void close();
}
