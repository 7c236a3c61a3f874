package dev.s2lite.emulator.metrics;

import java.util.List;

/** One metric of a metric set, in the four shapes of the S2 metrics API. */
public sealed interface Metric {

  /** What a value counts. */
  enum Unit {
    BYTES("bytes"), OPERATIONS("operations");

    private final String wire;

    Unit(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** A timestamp (Unix epoch seconds) and the value there. */
  record Point(long epochSeconds, double value) {}

  /** One named value. */
  record Scalar(String name, Unit unit, double value) implements Metric {}

  /** Values accumulated over each interval starting at the point's timestamp; empty intervals left out. */
  record Accumulation(String name, Unit unit, Interval interval, List<Point> values) implements Metric {}

  /** Readings at each interval's timestamp, every interval of the range present. */
  record Gauge(String name, Unit unit, List<Point> values) implements Metric {}

  /** A set of strings. */
  record Label(String name, List<String> values) implements Metric {}
}
