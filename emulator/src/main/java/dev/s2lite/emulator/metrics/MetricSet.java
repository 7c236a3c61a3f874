package dev.s2lite.emulator.metrics;

import dev.s2lite.emulator.error.S2Error;

/**
 * The metric sets of the S2 metrics API, per level: account ({@code GET /v1/metrics}), basin
 * ({@code /v1/metrics/{basin}}) and stream ({@code /v1/metrics/{basin}/{stream}}).
 */
public enum MetricSet {
  ACTIVE_BASINS(Level.ACCOUNT, "active-basins", null),
  ACCOUNT_OPS(Level.ACCOUNT, "account-ops", Interval.HOUR),
  BASIN_STORAGE(Level.BASIN, "storage", Interval.HOUR),
  APPEND_OPS(Level.BASIN, "append-ops", Interval.MINUTE),
  READ_OPS(Level.BASIN, "read-ops", Interval.MINUTE),
  READ_THROUGHPUT(Level.BASIN, "read-throughput", Interval.MINUTE),
  APPEND_THROUGHPUT(Level.BASIN, "append-throughput", Interval.MINUTE),
  BASIN_OPS(Level.BASIN, "basin-ops", Interval.MINUTE),
  STREAM_STORAGE(Level.STREAM, "storage", Interval.MINUTE);

  /** Which route serves a set. */
  public enum Level { ACCOUNT, BASIN, STREAM }

  private final Level level;
  private final String wire;
  private final Interval defaultInterval;

  MetricSet(Level level, String wire, Interval defaultInterval) {
    this.level = level;
    this.wire = wire;
    this.defaultInterval = defaultInterval;
  }

  public Level level() {
    return level;
  }

  public String wire() {
    return wire;
  }

  /** The interval of the series when the request names none (null for a set without series). */
  public Interval defaultInterval() {
    return defaultInterval;
  }

  /** Storage gauges come at one resolution only: the basin's per hour, the stream's per minute. */
  boolean fixedInterval() {
    return this == BASIN_STORAGE || this == STREAM_STORAGE;
  }

  /** The set of this level with this wire name, or null. */
  public static MetricSet of(Level level, String wire) {
    for (MetricSet set : values()) {
      if (set.level == level && set.wire.equals(wire)) {
        return set;
      }
    }
    return null;
  }

  /**
   * The range a request asks for, checked as the cloud checks it: {@code start} and {@code end}
   * both given, {@code start <= end}, {@code end} not more than a minute ahead of {@code
   * nowSeconds}, at most 30 days; storage sets only at their own interval. Else {@code 422
   * invalid}.
   */
  public TimeRange range(Long start, Long end, Interval interval, long nowSeconds) {
    if (start == null || end == null) {
      throw S2Error.invalid("start and end params required for " + wire);
    }
    if (start > end) {
      throw S2Error.invalid("start must not be after end");
    }
    if (end > nowSeconds + TimeRange.FUTURE_LEEWAY_SECONDS) {
      throw S2Error.invalid("end must not be in the future");
    }
    if (end - start > TimeRange.MAX_SPAN_SECONDS) {
      throw S2Error.invalid("time range must not exceed 30 days");
    }
    if (fixedInterval() && interval != null && interval != defaultInterval) {
      throw S2Error.invalid(wire + " is only available per " + defaultInterval.wire());
    }
    return new TimeRange(start, end, interval != null ? interval : defaultInterval);
  }
}
