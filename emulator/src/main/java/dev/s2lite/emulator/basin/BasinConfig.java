package dev.s2lite.emulator.basin;

import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;

/**
 * A basin's configuration.
 *
 * @param defaultStreamConfig per-field defaults for streams created here; null when none is set
 * @param streamCipher the cipher given to streams created from now on, or null
 */
public record BasinConfig(
    StreamConfig defaultStreamConfig,
    StreamCipher streamCipher,
    boolean createStreamOnAppend,
    boolean createStreamOnRead) {

  public static final BasinConfig DEFAULTS = new BasinConfig(null, null, false, false);

  /** Keeps "no field set" as one value (null), so structural equality matches lite's. */
  public BasinConfig {
    if (defaultStreamConfig != null && defaultStreamConfig.isUnset()) {
      defaultStreamConfig = null;
    }
  }
}
