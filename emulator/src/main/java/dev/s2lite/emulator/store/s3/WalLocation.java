package dev.s2lite.emulator.store.s3;

import java.nio.file.Path;

/**
 * Where an {@link S3Store} writes its write-ahead log, which appends and metadata changes wait
 * for before they are acknowledged (s2-lite 0.43's {@code --wal-bucket} and {@code
 * --wal-local-root}). Checkpoints move the data to the main bucket later; the main bucket and the
 * log location together make up the store.
 */
public sealed interface WalLocation {

  /** In the main bucket, beside the rest: the default. */
  record MainBucket() implements WalLocation {}

  /** In another bucket, under the same path, reached with its own settings. */
  record Bucket(String name, AwsSettings aws) implements WalLocation {}

  /** In a local directory (created if missing), under the same path: acks wait for fsync only. */
  record LocalDirectory(Path root) implements WalLocation {}
}
