package dev.s2lite.emulator.basin;

import dev.s2lite.emulator.store.IdempotencyKey;
import java.time.Instant;

/** A stored basin. {@code deletedAt} is set while the basin is being deleted. */
public record BasinMeta(
    String name,
    BasinConfig config,
    Instant createdAt,
    Instant deletedAt,
    IdempotencyKey<BasinConfig> creationKey) {

  public boolean isDeleting() {
    return deletedAt != null;
  }

  public BasinMeta withConfig(BasinConfig newConfig) {
    return new BasinMeta(name, newConfig, createdAt, deletedAt, creationKey);
  }

  public BasinMeta deletedAt(Instant when) {
    return new BasinMeta(name, config, createdAt, when, creationKey);
  }
}
