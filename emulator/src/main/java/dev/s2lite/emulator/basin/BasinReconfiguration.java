package dev.s2lite.emulator.basin;

import dev.s2lite.emulator.json.Patch;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamReconfiguration;

/** A PATCH of a basin's configuration. The two flags cannot be cleared, only left or set. */
public record BasinReconfiguration(
    Patch<StreamReconfiguration> defaultStreamConfig,
    Patch<StreamCipher> streamCipher,
    Boolean createStreamOnAppend,
    Boolean createStreamOnRead) {

  public BasinConfig apply(BasinConfig current) {
    StreamConfig defaults = current.defaultStreamConfig();
    if (defaultStreamConfig instanceof Patch.Set<StreamReconfiguration> set) {
      defaults = set.value().applyToDefaults(defaults);
    } else if (defaultStreamConfig instanceof Patch.Clear<StreamReconfiguration>) {
      defaults = null;
    }
    return new BasinConfig(
        defaults,
        streamCipher.apply(current.streamCipher(), null),
        createStreamOnAppend == null ? current.createStreamOnAppend() : createStreamOnAppend,
        createStreamOnRead == null ? current.createStreamOnRead() : createStreamOnRead);
  }
}
