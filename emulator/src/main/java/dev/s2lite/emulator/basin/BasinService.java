package dev.s2lite.emulator.basin;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.store.IdempotencyKey;
import dev.s2lite.emulator.store.Page;
import dev.s2lite.emulator.store.ProvisionResult;
import dev.s2lite.emulator.store.Provisioned;
import dev.s2lite.emulator.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/** The basin half of the control plane: create, ensure, reconfigure, delete and list basins. */
public final class BasinService {

  private final Store store;
  private final Clock clock;
  private final Lock metadataLock;
  private final Housekeeper housekeeper;

  public BasinService(Store store, Clock clock, Lock metadataLock, Housekeeper housekeeper) {
    this.store = store;
    this.clock = clock;
    this.metadataLock = metadataLock;
    this.housekeeper = housekeeper;
  }

  public Page<BasinMeta> list(String prefix, String startAfter, int limit) {
    return Page.lookingAhead(limit, n -> store.basins(prefix, startAfter, n));
  }

  /** Create-only; a retry with the same request token and config is a replay ({@code noop}). */
  public Provisioned<BasinMeta> create(String name, BasinConfig config, String requestToken) {
    metadataLock.lock();
    try {
      BasinMeta existing = store.basin(name).orElse(null);
      if (existing != null) {
        if (existing.isDeleting()) {
          throw S2Error.basinDeletionPending(name);
        }
        if (requestToken != null
            && Objects.equals(existing.creationKey(), new IdempotencyKey<>(requestToken, config))) {
          return new Provisioned<>(existing, ProvisionResult.NOOP);
        }
        throw S2Error.basinAlreadyExists(name);
      }
      IdempotencyKey<BasinConfig> key =
          requestToken == null ? null : new IdempotencyKey<>(requestToken, config);
      BasinMeta created = new BasinMeta(name, config, now(), null, key);
      store.putBasin(created);
      return new Provisioned<>(created, ProvisionResult.CREATED);
    } finally {
      metadataLock.unlock();
    }
  }

  public BasinConfig config(String name) {
    return require(name).config();
  }

  /** Declarative upsert: the stored config becomes exactly {@code config}. */
  public Provisioned<BasinMeta> ensure(String name, BasinConfig config) {
    metadataLock.lock();
    try {
      BasinMeta existing = store.basin(name).orElse(null);
      if (existing == null) {
        BasinMeta created = new BasinMeta(name, config, now(), null, null);
        store.putBasin(created);
        return new Provisioned<>(created, ProvisionResult.CREATED);
      }
      if (existing.isDeleting()) {
        throw S2Error.basinDeletionPending(name);
      }
      if (existing.config().equals(config)) {
        return new Provisioned<>(existing, ProvisionResult.NOOP);
      }
      BasinMeta updated = existing.withConfig(config);
      store.putBasin(updated);
      return new Provisioned<>(updated, ProvisionResult.UPDATED);
    } finally {
      metadataLock.unlock();
    }
  }

  public BasinConfig reconfigure(String name, BasinReconfiguration reconfiguration) {
    metadataLock.lock();
    try {
      BasinMeta existing = require(name);
      if (existing.isDeleting()) {
        throw S2Error.basinDeletionPending(name);
      }
      BasinMeta updated = existing.withConfig(reconfiguration.apply(existing.config()));
      store.putBasin(updated);
      return updated.config();
    } finally {
      metadataLock.unlock();
    }
  }

  /** Marks the basin as being deleted; the housekeeper deletes its streams and then the basin. */
  public void delete(String name) {
    metadataLock.lock();
    try {
      BasinMeta existing = require(name);
      if (!existing.isDeleting()) {
        store.putBasin(existing.deletedAt(now()));
      }
    } finally {
      metadataLock.unlock();
    }
    housekeeper.wake();
  }

  /** The basin, which must exist (it may be being deleted). */
  public BasinMeta require(String name) {
    return store.basin(name).orElseThrow(() -> S2Error.basinNotFound(name));
  }

  /** The basin, which must exist and not be being deleted. */
  public BasinMeta requireActive(String name) {
    BasinMeta basin = require(name);
    if (basin.isDeleting()) {
      throw S2Error.basinDeletionPending(name);
    }
    return basin;
  }

  private Instant now() {
    return clock.instant();
  }
}
