package dev.s2lite.emulator.store;

import dev.s2lite.emulator.store.h2.H2Store;
import dev.s2lite.emulator.store.memory.MemoryStore;
import java.nio.file.Path;

/** Opens the store that {@link StoreSettings} describe. */
public final class Stores {

  private Stores() {}

  /** A configuration this build cannot run, with a message saying what to use instead. */
  public static final class UnsupportedStoreException extends RuntimeException {
    public UnsupportedStoreException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Opens (and for a durable store, recovers) the store.
   *
   * @throws UnsupportedStoreException for a combination this build cannot serve
   * @throws IllegalStateException when a durable store cannot be opened (in use, unreadable)
   */
  public static Store open(StoreSettings settings) {
    StoreLocation main = settings.main();
    if (main instanceof StoreLocation.InMemory) {
      return new MemoryStore();
    }
    if (main instanceof StoreLocation.LocalRoot local) {
      if (settings.wal() != null) {
        throw new UnsupportedStoreException(StoreSettings.flag(settings.wal(), true)
            + " is not supported with --local-root: the H2 store under --local-root keeps its own"
            + " log and acknowledges after fsync; use --local-root alone");
      }
      return H2Store.open(directory(local.dir(), settings.path()), settings.effectiveFlushInterval(),
          settings.effectiveCacheBytes());
    }
    // The S3 store (package store.s3) plugs in here: --bucket, with or without a WAL location.
    throw new UnsupportedStoreException(
        "--bucket (S3 storage) is not available in this build; use --local-root DIR or memory");
  }

  /** The directory a local store uses: the root, or the {@code --path} prefix inside it. */
  static Path directory(Path root, String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? root : root.resolve(trimmed);
  }
}
