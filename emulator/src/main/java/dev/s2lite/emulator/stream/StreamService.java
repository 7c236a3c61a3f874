package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.store.IdempotencyKey;
import dev.s2lite.emulator.store.Page;
import dev.s2lite.emulator.store.ProvisionResult;
import dev.s2lite.emulator.store.Provisioned;
import dev.s2lite.emulator.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;

/**
 * The stream half of the control plane. A stream stores its config fully resolved against its
 * basin's defaults at the time it was created, ensured or reconfigured.
 */
public final class StreamService {

  private final Store store;
  private final Clock clock;
  private final Lock metadataLock;
  private final BasinService basins;
  private final Housekeeper housekeeper;
  private final Engines engines;

  public StreamService(Store store, Clock clock, Lock metadataLock, BasinService basins,
      Housekeeper housekeeper, Engines engines) {
    this.store = store;
    this.clock = clock;
    this.metadataLock = metadataLock;
    this.basins = basins;
    this.housekeeper = housekeeper;
    this.engines = engines;
  }

  /** Lists streams, those being deleted included; the basin must exist (s2-lite 0.43 checks it). */
  public Page<StreamMeta> list(String basin, String prefix, String startAfter, int limit) {
    basins.require(basin);
    return Page.lookingAhead(limit, n -> store.streams(basin, prefix, startAfter, n));
  }

  public Provisioned<StreamMeta> create(
      String basin, String name, StreamConfig requested, String requestToken) {
    metadataLock.lock();
    try {
      BasinMeta basinMeta = basins.requireActive(basin);
      StreamMeta existing = store.stream(basin, name).orElse(null);
      if (existing != null) {
        if (existing.isDeleting()) {
          throw S2Error.streamDeletionPending();
        }
        if (requestToken != null && Objects.equals(
            existing.creationKey(), new IdempotencyKey<>(requestToken, requested))) {
          return new Provisioned<>(existing, ProvisionResult.NOOP);
        }
        throw S2Error.streamAlreadyExists(basin, name);
      }
      IdempotencyKey<StreamConfig> key =
          requestToken == null ? null : new IdempotencyKey<>(requestToken, requested);
      StreamMeta created = newStream(basinMeta, name, requested, key);
      store.putStream(created);
      housekeeper.streamCreated(created);
      return new Provisioned<>(created, ProvisionResult.CREATED);
    } finally {
      metadataLock.unlock();
    }
  }

  /**
   * The stream, created with the basin's defaults and cipher if it does not exist (auto-create on
   * append or read). Exactly one of racing callers creates it.
   */
  public StreamMeta autoCreate(String basin, String name) {
    return autoCreate(basin, name, StreamConfig.UNSET);
  }

  /** {@link #autoCreate(String, String)} with the config the request asked for, resolved against the basin's defaults. */
  public StreamMeta autoCreate(String basin, String name, StreamConfig requested) {
    metadataLock.lock();
    try {
      BasinMeta basinMeta = basins.requireActive(basin);
      StreamMeta existing = store.stream(basin, name).orElse(null);
      if (existing != null) {
        return existing;
      }
      StreamMeta created = newStream(basinMeta, name, requested, null);
      store.putStream(created);
      housekeeper.streamCreated(created);
      return created;
    } finally {
      metadataLock.unlock();
    }
  }

  /** The stream's resolved config; lite does not check the basin here. */
  public StreamConfig config(String basin, String name) {
    return requireActive(basin, name).config();
  }

  public Provisioned<StreamMeta> ensure(String basin, String name, StreamConfig requested) {
    metadataLock.lock();
    try {
      BasinMeta basinMeta = basins.requireActive(basin);
      StreamMeta existing = store.stream(basin, name).orElse(null);
      if (existing == null) {
        StreamMeta created = newStream(basinMeta, name, requested, null);
        store.putStream(created);
        housekeeper.streamCreated(created);
        return new Provisioned<>(created, ProvisionResult.CREATED);
      }
      if (existing.isDeleting()) {
        throw S2Error.streamDeletionPending();
      }
      StreamConfig resolved = requested.resolve(basinMeta.config().defaultStreamConfig());
      if (resolved.equals(existing.config())) {
        return new Provisioned<>(existing, ProvisionResult.NOOP);
      }
      StreamMeta updated = existing.withConfig(resolved);
      store.putStream(updated);
      housekeeper.streamReconfigured(existing, updated);
      return new Provisioned<>(updated, ProvisionResult.UPDATED);
    } finally {
      metadataLock.unlock();
    }
  }

  public StreamConfig reconfigure(String basin, String name, StreamReconfiguration reconfiguration) {
    metadataLock.lock();
    try {
      BasinMeta basinMeta = basins.requireActive(basin);
      StreamMeta existing = requireActive(basin, name);
      StreamMeta updated = existing.withConfig(reconfiguration.applyToStream(
          existing.config(), basinMeta.config().defaultStreamConfig()));
      store.putStream(updated);
      housekeeper.streamReconfigured(existing, updated);
      return updated.config();
    } finally {
      metadataLock.unlock();
    }
  }

  /**
   * Starts deleting the stream as lite does: a terminal trim through the stream's engine (ordered
   * after every accepted append), then the stream is marked as being deleted; the housekeeper
   * removes it. Repeating it is harmless.
   */
  public void delete(String basin, String name) {
    CompletableFuture<Void> terminalTrim;
    metadataLock.lock();
    try {
      StreamMeta existing = require(basin, name);
      terminalTrim = engines.engine(existing).terminalTrim();
      if (!existing.isDeleting()) {
        store.putStream(existing.deletedAt(now()));
      }
    } finally {
      metadataLock.unlock();
    }
    // As lite 0.43: the reply (a repeated one too) waits until the terminal trim is durable.
    Engines.awaitDurable(terminalTrim);
    housekeeper.wake();
  }

  /** The stream, which must exist (it may be being deleted). */
  public StreamMeta require(String basin, String name) {
    return store.stream(basin, name).orElseThrow(() -> S2Error.streamNotFound(basin, name));
  }

  /** The stream, which must exist and not be being deleted. */
  public StreamMeta requireActive(String basin, String name) {
    StreamMeta stream = require(basin, name);
    if (stream.isDeleting()) {
      throw S2Error.streamDeletionPending();
    }
    return stream;
  }

  private StreamMeta newStream(
      BasinMeta basin, String name, StreamConfig requested, IdempotencyKey<StreamConfig> key) {
    return new StreamMeta(
        basin.name(),
        name,
        requested.resolve(basin.config().defaultStreamConfig()),
        basin.config().streamCipher(),
        now(),
        null,
        key);
  }

  private Instant now() {
    return clock.instant();
  }
}
