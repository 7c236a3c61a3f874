package dev.s2lite.emulator.metrics;

/**
 * A metrics request's period, in Unix epoch seconds, both ends included, and the interval of the
 * series asked for (null for a set without series).
 */
public record TimeRange(long start, long end, Interval interval) {

  /** How far ahead of the server's clock {@code end} may be (clocks differ). */
  static final long FUTURE_LEEWAY_SECONDS = 60;
  static final long MAX_SPAN_SECONDS = 30L * 86400;

  boolean contains(long epochSeconds) {
    return epochSeconds >= start && epochSeconds <= end;
  }
}
