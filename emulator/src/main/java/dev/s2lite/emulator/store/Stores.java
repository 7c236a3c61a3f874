package dev.s2lite.emulator.store;

import dev.s2lite.emulator.store.h2.H2Store;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.store.s3.AwsSettings;
import dev.s2lite.emulator.store.s3.S3Settings;
import dev.s2lite.emulator.store.s3.S3Store;
import dev.s2lite.emulator.store.s3.WalLocation;
import java.nio.file.Path;
import java.util.Map;

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
   * @param env the environment the S3 settings come from ({@code AWS_ENDPOINT_URL_S3},
   *     {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}..., and s2-lite's
   *     {@code S2LITE_WAL_AWS_*} for a write-ahead log bucket), usually {@code System.getenv()}
   * @throws UnsupportedStoreException for a combination this build cannot serve
   * @throws IllegalArgumentException for AWS variables s2-lite refuses (a key without its secret...)
   * @throws IllegalStateException when a durable store cannot be opened (in use, unreachable, unreadable)
   */
  public static Store open(StoreSettings settings, Map<String, String> env) {
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
    return openBucket(((StoreLocation.Bucket) main).name(), settings, env);
  }

  /** The S3 store, with its write-ahead log in the bucket, in a local directory or in a bucket of its own. */
  private static Store openBucket(String bucket, StoreSettings settings, Map<String, String> env) {
    AwsSettings aws = AwsSettings.fromEnvironment(env);
    WalLocation wal = settings.wal() instanceof StoreLocation.LocalRoot local
        ? new WalLocation.LocalDirectory(local.dir())
        : settings.wal() instanceof StoreLocation.Bucket walBucket
            ? new WalLocation.Bucket(walBucket.name(), aws.withWalOverrides(env))
            : new WalLocation.MainBucket();
    try {
      return S3Store.open(S3Settings.builder(bucket).path(settings.path()).aws(aws).wal(wal)
          .flushInterval(settings.effectiveFlushInterval())
          .cacheBytes(settings.effectiveCacheBytes())
          .build());
    } catch (NoClassDefFoundError e) {
      // The AWS SDK is optional in the published artifact (the standalone jar has it).
      throw new UnsupportedStoreException("--bucket needs the AWS SDK for Java v2 on the class path"
          + " (software.amazon.awssdk:s3 and software.amazon.awssdk:apache5-client); missing " + e.getMessage());
    }
  }

  /** The directory a local store uses: the root, or the {@code --path} prefix inside it. */
  static Path directory(Path root, String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? root : root.resolve(trimmed);
  }
}
