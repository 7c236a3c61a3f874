package dev.s2lite.emulator.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The storage a server runs on, with s2-lite's rules: a main location (memory, a local root or a
 * bucket), optionally a separate write-ahead log location (only with a durable main location), a
 * key prefix inside it, how often appends are made durable together, and the heap cache size.
 *
 * @param wal where the write-ahead log lives, or null for "in the main location"
 * @param path a key prefix (a subdirectory of a local root); empty for none
 * @param flushInterval how long appends gather before one commit makes them durable together,
 *     or null for s2-lite's default ({@link #effectiveFlushInterval()})
 * @param cacheBytes heap bytes a durable store may use to cache data read or written; 0 for the
 *     default ({@link #defaultCacheBytes()})
 */
public record StoreSettings(
    StoreLocation main, StoreLocation wal, String path, Duration flushInterval, long cacheBytes) {

  /** s2-lite's flush interval for a local or in-memory write-ahead log. */
  public static final Duration LOCAL_FLUSH_INTERVAL = Duration.ofMillis(5);
  /** s2-lite's flush interval for a write-ahead log in S3. */
  public static final Duration BUCKET_FLUSH_INTERVAL = Duration.ofMillis(50);

  public static final StoreSettings IN_MEMORY =
      new StoreSettings(StoreLocation.IN_MEMORY, null, "", null, 0);

  /** @throws IllegalArgumentException with s2-lite's (clap's) message when the combination is not allowed */
  public StoreSettings {
    Objects.requireNonNull(main, "main");
    path = path == null ? "" : path;
    if (wal instanceof StoreLocation.InMemory) {
      throw new IllegalArgumentException("the write-ahead log cannot be kept in memory");
    }
    if (wal != null && main instanceof StoreLocation.InMemory) {
      throw new IllegalArgumentException(
          "the following required arguments were not provided: <--bucket <BUCKET>|--local-root <DIR>>"
              + " (" + flag(wal, true) + " needs a main store)");
    }
    if (flushInterval != null && (flushInterval.isNegative() || flushInterval.isZero())) {
      throw new IllegalArgumentException("the flush interval must be positive, got " + flushInterval);
    }
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("the cache size must not be negative, got " + cacheBytes);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException("--path must not contain '..': " + path);
      }
    }
  }

  /**
   * Settings from s2-lite's storage flags, checked with its rules: {@code --local-root} and
   * {@code --bucket} conflict, so do {@code --wal-local-root} and {@code --wal-bucket}, and a
   * write-ahead log location needs a main one. Null means "not given".
   *
   * @throws IllegalArgumentException with clap's message for a combination s2-lite refuses
   */
  public static StoreSettings fromFlags(Path localRoot, String bucket, String path, Path walLocalRoot,
      String walBucket, Duration flushInterval, long cacheBytes) {
    if (localRoot != null && bucket != null) {
      throw new IllegalArgumentException("the argument '--local-root <DIR>' cannot be used with '--bucket <BUCKET>'");
    }
    if (walLocalRoot != null && walBucket != null) {
      throw new IllegalArgumentException(
          "the argument '--wal-local-root <DIR>' cannot be used with '--wal-bucket <BUCKET>'");
    }
    StoreLocation main = localRoot != null ? new StoreLocation.LocalRoot(localRoot)
        : bucket != null ? new StoreLocation.Bucket(bucket) : StoreLocation.IN_MEMORY;
    StoreLocation wal = walLocalRoot != null ? new StoreLocation.LocalRoot(walLocalRoot)
        : walBucket != null ? new StoreLocation.Bucket(walBucket) : null;
    return new StoreSettings(main, wal, path, flushInterval, cacheBytes);
  }

  /** The flush interval in force: the one given, else 50 ms when the log is in S3, else 5 ms (as s2-lite). */
  public Duration effectiveFlushInterval() {
    if (flushInterval != null) {
      return flushInterval;
    }
    StoreLocation log = wal != null ? wal : main;
    return log instanceof StoreLocation.Bucket ? BUCKET_FLUSH_INTERVAL : LOCAL_FLUSH_INTERVAL;
  }

  /** The cache size in force: the one given, else {@link #defaultCacheBytes()}. */
  public long effectiveCacheBytes() {
    return cacheBytes > 0 ? cacheBytes : defaultCacheBytes();
  }

  /** An eighth of the maximum heap, between 8 MiB and 256 MiB: 64 MiB under {@code -Xmx512m}. */
  public static long defaultCacheBytes() {
    long eighth = Runtime.getRuntime().maxMemory() / 8;
    return Math.max(8L << 20, Math.min(256L << 20, eighth));
  }

  /** Whether acknowledged data survives the process. */
  public boolean isDurable() {
    return !(main instanceof StoreLocation.InMemory);
  }

  static String flag(StoreLocation location, boolean wal) {
    String prefix = wal ? "--wal-" : "--";
    if (location instanceof StoreLocation.LocalRoot) {
      return prefix + "local-root";
    }
    return location instanceof StoreLocation.Bucket ? prefix + "bucket" : "memory";
  }
}
