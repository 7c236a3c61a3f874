package dev.s2lite.conformance;

import java.util.Locale;

/** The kind of S2 server a run talks to; cases say which kinds their behaviour applies to. */
public enum TargetKind {
  /** The s2lite emulator (embedded, or its jar). */
  EMULATOR,
  /** s2-lite 0.43, the upstream single-node server ({@code s2 lite}). */
  LITE,
  /** The S2 cloud service (basin endpoints with the basin in the host name). */
  CLOUD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TargetKind parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
