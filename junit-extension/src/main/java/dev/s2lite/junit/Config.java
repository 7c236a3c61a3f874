package dev.s2lite.junit;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.util.List;

/** The options of one server declaration, from {@link S2Lite} or {@link S2LiteExtension.Builder}. */
record Config(String initFile, List<String> basins, Lifecycle lifecycle, boolean systemProperties,
    boolean auth, boolean tls) {

  static final Config DEFAULTS = new Config("", List.of(), Lifecycle.PER_CLASS, false, false, false);

  Config {
    basins = List.copyOf(basins);
  }

  static Config of(S2Lite annotation) {
    return new Config(annotation.initFile(), List.of(annotation.basins()), annotation.lifecycle(),
        annotation.systemProperties(), annotation.auth(), annotation.tls());
  }
}
