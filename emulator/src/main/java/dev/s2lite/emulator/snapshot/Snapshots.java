package dev.s2lite.emulator.snapshot;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the server's whole state (basins, streams, configs, records), kept in memory by
 * name or written to a file that a later run can restore ({@link SnapshotFile} documents the
 * format). Restoring replaces all state: it is a reset followed by an import. Snapshots go
 * through the {@link Store} contract, so they work the same over every store.
 *
 * <pre>{@code
 * s2.snapshots().save("seeded");              // in memory
 * // ... the test changes things ...
 * s2.snapshots().restore("seeded");           // back to exactly that state
 * s2.snapshots().exportTo(Path.of("state.jsonl"));
 * // later, another server:  other.snapshots().restoreFrom(Path.of("state.jsonl"));
 * }</pre>
 *
 * <p>Take and restore snapshots while no client is writing: appends racing a restore may land
 * on either side of it.
 */
public final class Snapshots {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int BATCH = 1000;

  private final Store store;
  private final Engines engines;
  private final Lock metadataLock;
  private final Clock clock;
  private final Map<String, Kept> kept = new ConcurrentSkipListMap<>();

  private record Kept(SnapshotInfo info, byte[] file) {}

  public Snapshots(Store store, Engines engines, Lock metadataLock, Clock clock) {
    this.store = store;
    this.engines = engines;
    this.metadataLock = metadataLock;
    this.clock = clock;
  }

  /** Whether {@code name} can name a snapshot: 1-64 letters, digits, {@code .}, {@code _}, {@code -}. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  private static String checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("a snapshot name is 1-64 letters, digits, '.', '_' or '-', got \"" + name + "\"");
    }
    return name;
  }

  /** Takes a snapshot of the current state and keeps it in memory as {@code name} (replacing one of that name). */
  public SnapshotInfo save(String name) {
    checkName(name);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Instant now = clock.instant();
    SnapshotFile.Counts counts = write(now, out);
    byte[] file = out.toByteArray();
    SnapshotInfo info = new SnapshotInfo(name, now, file.length, counts.basins(), counts.streams(), counts.records());
    kept.put(name, new Kept(info, file));
    LOG.info("snapshot {} taken: {} basins, {} streams, {} records", name, counts.basins(), counts.streams(), counts.records());
    return info;
  }

  /**
   * Keeps an existing snapshot file (one {@link #writeTo} wrote, possibly in another run) as
   * {@code name}, after checking it.
   *
   * @throws SnapshotException if the file is not a whole, valid snapshot
   */
  public SnapshotInfo put(String name, byte[] file) {
    checkName(name);
    SnapshotFile.Content content = SnapshotFile.read(new ByteArrayInputStream(file));
    SnapshotInfo info = new SnapshotInfo(name, content.createdAt(), file.length, content.basins().size(),
        content.streams().size(), content.records());
    kept.put(name, new Kept(info, file.clone()));
    return info;
  }

  /** The snapshots kept in memory, by name. */
  public List<SnapshotInfo> list() {
    return kept.values().stream().map(Kept::info).toList();
  }

  /** The file of a kept snapshot. */
  public Optional<byte[]> file(String name) {
    Kept k = kept.get(name);
    return k == null ? Optional.empty() : Optional.of(k.file.clone());
  }

  /** Forgets a kept snapshot; false if there was none of that name. */
  public boolean delete(String name) {
    return kept.remove(name) != null;
  }

  /**
   * Replaces all state with the snapshot kept as {@code name}.
   *
   * @throws java.util.NoSuchElementException if there is none
   */
  public void restore(String name) {
    Kept k = kept.get(name);
    if (k == null) {
      throw new java.util.NoSuchElementException("no snapshot named \"" + name + "\"");
    }
    restoreFrom(new ByteArrayInputStream(k.file));
    LOG.info("snapshot {} restored", name);
  }

  /** Writes the current state as a snapshot file. */
  public void writeTo(OutputStream out) {
    write(clock.instant(), out);
  }

  /** Writes the current state to a snapshot file (created or replaced). */
  public void exportTo(Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces all state with a snapshot file's. The file is read and checked in full first: a bad
   * file changes nothing.
   *
   * @throws SnapshotException if it is not a whole, valid snapshot
   */
  public void restoreFrom(InputStream in) {
    apply(SnapshotFile.read(in));
  }

  /** As {@link #restoreFrom(InputStream)}, from a file. */
  public void restoreFrom(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      restoreFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  private SnapshotFile.Counts write(Instant now, OutputStream out) {
    metadataLock.lock();
    try {
      return SnapshotFile.write(store, now, out);
    } finally {
      metadataLock.unlock();
    }
  }

  private void apply(SnapshotFile.Content content) {
    metadataLock.lock();
    try {
      store.clear();
      engines.clear();
      for (BasinMeta basin : content.basins()) {
        store.putBasin(basin);
      }
      for (SnapshotFile.StreamContent stream : content.streams()) {
        store.putStream(stream.meta());
        importRecords(stream);
      }
    } finally {
      metadataLock.unlock();
    }
  }

  /**
   * Sets a stream's records and state through the append contract: an empty batch first puts the
   * log at the first kept seq_num (earlier ones were trimmed or expired), then the records in
   * batches, the last with the final state.
   */
  private void importRecords(SnapshotFile.StreamContent stream) {
    String basin = stream.meta().basin();
    String name = stream.meta().name();
    RecordsState last = stream.state();
    List<StoredRecord> records = stream.records();
    long first = records.isEmpty() ? last.nextSeqNum() : records.get(0).seqNum();
    if (records.isEmpty() || first != 0) {
      store.appendRecords(basin, name, List.of(), new RecordsState(first, 0, "", 0));
    }
    for (int i = 0; i < records.size(); i += BATCH) {
      List<StoredRecord> batch = new ArrayList<>(records.subList(i, Math.min(records.size(), i + BATCH)));
      boolean lastBatch = i + BATCH >= records.size();
      StoredRecord end = batch.get(batch.size() - 1);
      RecordsState after = lastBatch ? last
          : new RecordsState(end.seqNum() + 1, end.timestamp(), last.fencingToken(), last.trimPoint());
      store.appendRecords(basin, name, batch, after);
    }
    if (records.isEmpty()) {
      store.appendRecords(basin, name, List.of(), last);
    }
  }
}
