package dev.s2lite.emulator.metrics;

import java.util.Locale;

/** The length of a time series' buckets: {@code minute}, {@code hour} or {@code day}. */
public enum Interval {
  MINUTE(60), HOUR(3600), DAY(86400);

  private final long seconds;

  Interval(long seconds) {
    this.seconds = seconds;
  }

  public long seconds() {
    return seconds;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The interval with this wire name, or null. */
  public static Interval fromWire(String wire) {
    for (Interval i : values()) {
      if (i.wire().equals(wire)) {
        return i;
      }
    }
    return null;
  }

  /** The start of the bucket holding {@code epochSeconds}. */
  long floor(long epochSeconds) {
    return epochSeconds - Math.floorMod(epochSeconds, seconds);
  }
}
