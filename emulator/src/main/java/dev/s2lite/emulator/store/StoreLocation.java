package dev.s2lite.emulator.store;

import java.nio.file.Path;
import java.util.Objects;

/** Where data lives, as s2-lite names the places: the heap, a local directory, an S3 bucket. */
public sealed interface StoreLocation {

  /** The heap: nothing survives the process (s2-lite's default). */
  record InMemory() implements StoreLocation {}

  /** A directory on the local file system ({@code --local-root}, {@code --wal-local-root}), created if missing. */
  record LocalRoot(Path dir) implements StoreLocation {
    public LocalRoot {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /** An S3 bucket ({@code --bucket}, {@code --wal-bucket}); endpoint and credentials from the AWS configuration chain. */
  record Bucket(String name) implements StoreLocation {
    public Bucket {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a bucket name must not be empty");
      }
    }
  }

  StoreLocation IN_MEMORY = new InMemory();
}
