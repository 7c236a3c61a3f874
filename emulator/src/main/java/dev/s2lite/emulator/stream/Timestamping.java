package dev.s2lite.emulator.stream;

/** Timestamping settings; either member may be unset (null) below the fully resolved level. */
public record Timestamping(TimestampingMode mode, Boolean uncapped) {

  /** Both members unset is the same as no timestamping object at all. */
  public static Timestamping normalize(TimestampingMode mode, Boolean uncapped) {
    return mode == null && uncapped == null ? null : new Timestamping(mode, uncapped);
  }
}
