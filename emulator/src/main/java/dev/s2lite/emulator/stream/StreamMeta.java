package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.store.IdempotencyKey;
import java.time.Instant;

/**
 * A stored stream's metadata: its fully resolved config, the cipher fixed at creation, and its
 * lifecycle. {@code deletedAt} is set while the stream is being deleted.
 */
public record StreamMeta(
    String basin,
    String name,
    StreamConfig config,
    StreamCipher cipher,
    Instant createdAt,
    Instant deletedAt,
    IdempotencyKey<StreamConfig> creationKey) {

  public boolean isDeleting() {
    return deletedAt != null;
  }

  public StreamMeta withConfig(StreamConfig newConfig) {
    return new StreamMeta(basin, name, newConfig, cipher, createdAt, deletedAt, creationKey);
  }

  public StreamMeta deletedAt(Instant when) {
    return new StreamMeta(basin, name, config, cipher, createdAt, when, creationKey);
  }
}
