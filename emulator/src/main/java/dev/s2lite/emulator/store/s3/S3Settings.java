package dev.s2lite.emulator.store.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how an {@link S3Store} keeps its data.
 *
 * <pre>{@code
 * S3Settings settings = S3Settings.builder("my-bucket")
 *     .path("emulator/dev")
 *     .aws(AwsSettings.fromEnvironment(System.getenv()))
 *     .build();
 * try (S3Store store = S3Store.open(settings)) {
 *   // give it to S2LiteServer.builder().store(store)
 * }
 * }</pre>
 *
 * @param bucket the main bucket: manifests, segments and (by default) the write-ahead log
 * @param path the key prefix inside the bucket(s), without leading or trailing slash; "" for the root
 * @param flushInterval the least time between two write-ahead log writes (group commit); an
 *     append waits at most this long plus one write before it is acknowledged
 * @param cacheBytes heap for segments read back from the bucket
 * @param memtableBytes appended data kept on the heap until a checkpoint moves it to segments;
 *     a checkpoint starts when this much is waiting, and appends wait once twice as much is
 * @param checkpointInterval the longest a change waits for a checkpoint (which also reclaims the
 *     space of trimmed, expired and deleted records)
 * @param retryTimeout how long a write to object storage is retried before the store gives up
 *     (it then answers {@code 500 storage} until restarted)
 */
public record S3Settings(
    String bucket,
    String path,
    WalLocation wal,
    AwsSettings aws,
    Duration flushInterval,
    long cacheBytes,
    long memtableBytes,
    Duration checkpointInterval,
    Duration retryTimeout) {

  /** s2-lite's flush interval for a write-ahead log in object storage. */
  public static final Duration BUCKET_FLUSH_INTERVAL = Duration.ofMillis(50);
  /** s2-lite's flush interval for a write-ahead log on local disk. */
  public static final Duration LOCAL_FLUSH_INTERVAL = Duration.ofMillis(5);

  public S3Settings {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException("invalid bucket name: \"" + bucket + "\"");
    }
    path = normalize(path);
    Objects.requireNonNull(wal, "wal");
    Objects.requireNonNull(aws, "aws");
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative()) {
      throw new IllegalArgumentException("the flush interval must not be negative");
    }
    if (cacheBytes < 0 || memtableBytes < 1) {
      throw new IllegalArgumentException("cache and memtable sizes must be positive");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero() || retryTimeout.isNegative()) {
      throw new IllegalArgumentException("the checkpoint interval must be positive");
    }
  }

  private static String normalize(String path) {
    String p = path == null ? "" : path.trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The bucket and path as an {@code s3://} URL, for messages. */
  public String location() {
    return "s3://" + bucket + "/" + (path.isEmpty() ? "" : path + "/");
  }

  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** Every setting but the bucket has a default: the AWS environment, a log in the bucket. */
  public static final class Builder {
    private final String bucket;
    private String path = "";
    private WalLocation wal = new WalLocation.MainBucket();
    private AwsSettings aws = AwsSettings.DEFAULT_CHAIN;
    private Duration flushInterval;
    private long cacheBytes = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    private long memtableBytes = Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    private Duration checkpointInterval = Duration.ofSeconds(30);
    private Duration retryTimeout = Duration.ofSeconds(60);

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    /** The key prefix ({@code --path}); default the bucket's root. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Where the write-ahead log goes; default the main bucket. */
    public Builder wal(WalLocation wal) {
      this.wal = Objects.requireNonNull(wal, "wal");
      return this;
    }

    /** How to reach the main bucket; default the AWS SDK's own chains. */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws");
      return this;
    }

    /** Default: 50 ms with the log in a bucket, 5 ms with it on local disk, as s2-lite. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** Default: a quarter of the maximum heap, at most 256 MiB. */
    public Builder cacheBytes(long cacheBytes) {
      this.cacheBytes = cacheBytes;
      return this;
    }

    /** Default: an eighth of the maximum heap, between 1 and 64 MiB. */
    public Builder memtableBytes(long memtableBytes) {
      this.memtableBytes = memtableBytes;
      return this;
    }

    /** Default: 30 s. */
    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
      return this;
    }

    /** Default: 60 s. */
    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = Objects.requireNonNull(retryTimeout, "retryTimeout");
      return this;
    }

    public S3Settings build() {
      Duration flush = flushInterval != null ? flushInterval
          : wal instanceof WalLocation.LocalDirectory ? LOCAL_FLUSH_INTERVAL : BUCKET_FLUSH_INTERVAL;
      return new S3Settings(bucket, path, wal, aws, flush, cacheBytes, memtableBytes,
          checkpointInterval, retryTimeout);
    }
  }
}
