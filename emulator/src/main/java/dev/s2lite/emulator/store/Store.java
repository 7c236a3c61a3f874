package dev.s2lite.emulator.store;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.List;
import java.util.Optional;

/**
 * Where the emulator keeps its state. A store knows nothing of S2 semantics beyond keeping what
 * it is given: the control plane decides, the store remembers. Listings are ordered by the
 * names' UTF-8 bytes. Every implementation passes {@code StoreContractTest}.
 *
 * <p>Callers serialize metadata writes; a store must still be safe for concurrent readers.
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

  /** Removes every trace of the stream. */
  void removeStream(String basin, String name);

  /** Forgets everything: all basins, streams and records. */
  void clear();

  @Override
  void close();
}
