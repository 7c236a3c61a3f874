package dev.s2lite.emulator.metrics;

import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.store.NameOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the emulator served and stored, per minute, for the S2 metrics API: operations by kind,
 * bytes appended and read, and each stream's stored bytes over time. The data plane and the
 * control plane report here as they work; {@link #account}, {@link #basin} and {@link #stream}
 * answer the metric sets. History older than 31 days is dropped.
 */
public final class Usage {

  private static final long KEEP_SECONDS = 31L * 86400;
  private static final String STANDARD = "standard";
  private static final String EXPRESS = "express";
  private static final String UNARY = "unary";
  private static final String STREAMING = "streaming";

  private final Clock clock;

  /** Counters per series and minute (epoch seconds of the minute's start). */
  private final Map<Series, TreeMap<Long, Double>> counters = new HashMap<>();
  /** (connection, basin, stream) that appended in the current minute: one append op each. */
  private final Set<List<String>> appendersThisMinute = new HashSet<>();
  private long appendMinute = Long.MIN_VALUE;
  private long prunedMinute = Long.MIN_VALUE;
  /** Stored bytes per stream over time (millis), and when each stream existed. */
  private final Map<StreamKey, StreamHistory> streams = new HashMap<>();

  private record Series(String basin, MetricSet set, String name) {}

  private record StreamKey(String basin, String stream) {}

  private static final class StreamHistory {
    final TreeMap<Long, Long> bytes = new TreeMap<>();
    /** Pairs of [created, removed) millis; removed is Long.MAX_VALUE while the stream exists. */
    final List<long[]> lifetimes = new ArrayList<>();
    boolean express;

    long current() {
      return bytes.isEmpty() ? 0 : bytes.lastEntry().getValue();
    }

    boolean exists() {
      return !lifetimes.isEmpty() && lifetimes.get(lifetimes.size() - 1)[1] == Long.MAX_VALUE;
    }

    long at(long millis) {
      Map.Entry<Long, Long> e = bytes.floorEntry(millis);
      return e == null ? 0 : e.getValue();
    }
  }

  public Usage(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  // --- what happened ---

  /** An account-level request ({@code account-ops}). */
  public synchronized void accountOp(Operation op) {
    count(null, MetricSet.ACCOUNT_OPS, op.wire(), nowMinute(), 1);
  }

  /** A basin-level request ({@code basin-ops}). */
  public synchronized void basinOp(String basin, Operation op) {
    count(basin, MetricSet.BASIN_OPS, op.wire(), nowMinute(), 1);
  }

  /**
   * An acknowledged append of {@code meteredBytes} over connection {@code connection}: bytes for
   * {@code append-throughput}, and an append op per connection, stream and minute.
   */
  public synchronized void appended(String connection, String basin, String stream, long meteredBytes) {
    long minute = nowMinute();
    if (minute != appendMinute) {
      appendersThisMinute.clear();
      appendMinute = minute;
    }
    StreamHistory h = streams.get(new StreamKey(basin, stream));
    String series = h == null || h.express ? EXPRESS : STANDARD;
    if (appendersThisMinute.add(List.of(connection, basin, stream))) {
      count(basin, MetricSet.APPEND_OPS, series, minute, 1);
    }
    count(basin, MetricSet.APPEND_THROUGHPUT, series, minute, meteredBytes);
  }

  /** A unary read: one read op. */
  public synchronized void unaryRead(String basin) {
    count(basin, MetricSet.READ_OPS, UNARY, nowMinute(), 1);
  }

  /** Records sent to a reader, unary or streaming ({@code read-throughput}). */
  public synchronized void read(String basin, long meteredBytes) {
    if (meteredBytes > 0) {
      count(basin, MetricSet.READ_THROUGHPUT, MetricSet.READ_THROUGHPUT.wire(), nowMinute(), meteredBytes);
    }
  }

  /**
   * A streaming read session that ran from {@code startMillis} until now: one read op per minute
   * or part of a minute it lasted, each counted in the minute it began.
   */
  public synchronized void streamingRead(String basin, long startMillis) {
    long duration = Math.max(0, clock.millis() - startMillis);
    long ops = Math.max(1, (duration + 59_999) / 60_000);
    for (long i = 0; i < ops; i++) {
      count(basin, MetricSet.READ_OPS, STREAMING, Interval.MINUTE.floor((startMillis + i * 60_000) / 1000), 1);
    }
  }

  /**
   * A stream was written to the metadata: created (auto-created, applied), reconfigured or marked
   * for deletion. {@code express} is its storage class, which groups its appends.
   */
  public synchronized void streamPut(String basin, String stream, boolean express) {
    StreamHistory h = streams.computeIfAbsent(new StreamKey(basin, stream), k -> new StreamHistory());
    h.express = express;
    if (!h.exists()) {
      h.lifetimes.add(new long[] {clock.millis(), Long.MAX_VALUE});
      h.bytes.put(clock.millis(), 0L);
    }
  }

  /** Records were written to a stream: its stored bytes grow by {@code meteredBytes}. */
  public synchronized void storedMore(String basin, String stream, long meteredBytes) {
    StreamHistory h = streams.computeIfAbsent(new StreamKey(basin, stream), k -> new StreamHistory());
    h.bytes.put(clock.millis(), h.current() + meteredBytes);
  }

  /** A stream's stored bytes after records were deleted (trim, retention). */
  public synchronized void stored(String basin, String stream, long meteredBytes) {
    streams.computeIfAbsent(new StreamKey(basin, stream), k -> new StreamHistory())
        .bytes.put(clock.millis(), meteredBytes);
  }

  /** A stream is gone, with all its records. */
  public synchronized void streamRemoved(String basin, String stream) {
    StreamHistory h = streams.get(new StreamKey(basin, stream));
    if (h != null && h.exists()) {
      h.lifetimes.get(h.lifetimes.size() - 1)[1] = clock.millis();
      h.bytes.put(clock.millis(), 0L);
    }
  }

  /** Forgets everything (the server was reset). */
  public synchronized void clear() {
    counters.clear();
    appendersThisMinute.clear();
    streams.clear();
  }

  // --- metric sets ---

  /** An account-level metric set over {@code range}. */
  public synchronized List<Metric> account(MetricSet set, TimeRange range) {
    if (set == MetricSet.ACTIVE_BASINS) {
      return List.of(new Metric.Label("active_basins", activeBasins(range)));
    }
    return perName(null, set, range, Metric.Unit.OPERATIONS);
  }

  /** A basin-level metric set over {@code range}; a basin that never existed has no data. */
  public synchronized List<Metric> basin(String basin, MetricSet set, TimeRange range) {
    return switch (set) {
      case BASIN_STORAGE -> List.of(storage(range, k -> k.basin().equals(basin)));
      case APPEND_OPS -> List.of(accumulation(basin, set, STANDARD, range, Metric.Unit.OPERATIONS),
          accumulation(basin, set, EXPRESS, range, Metric.Unit.OPERATIONS));
      case APPEND_THROUGHPUT -> List.of(accumulation(basin, set, STANDARD, range, Metric.Unit.BYTES),
          accumulation(basin, set, EXPRESS, range, Metric.Unit.BYTES));
      case READ_OPS -> List.of(accumulation(basin, set, UNARY, range, Metric.Unit.OPERATIONS),
          accumulation(basin, set, STREAMING, range, Metric.Unit.OPERATIONS));
      case READ_THROUGHPUT -> List.of(accumulation(basin, set, set.wire(), range, Metric.Unit.BYTES));
      case BASIN_OPS -> perName(basin, set, range, Metric.Unit.OPERATIONS);
      default -> throw new IllegalArgumentException("not a basin metric set: " + set);
    };
  }

  /** A stream-level metric set over {@code range}. */
  public synchronized List<Metric> stream(String basin, String stream, MetricSet set, TimeRange range) {
    if (set != MetricSet.STREAM_STORAGE) {
      throw new IllegalArgumentException("not a stream metric set: " + set);
    }
    StreamKey key = new StreamKey(basin, stream);
    return List.of(storage(range, key::equals));
  }

  private List<String> activeBasins(TimeRange range) {
    long from = range.start() * 1000;
    long to = (range.end() + 1) * 1000;
    TreeSet<String> active = new TreeSet<>(NameOrder.UTF8);
    streams.forEach((key, h) -> {
      for (long[] life : h.lifetimes) {
        if (life[0] < to && life[1] > from) {
          active.add(key.basin());
        }
      }
    });
    return List.copyOf(active);
  }

  /** One accumulation per name with data in the range (basin-ops, account-ops). */
  private List<Metric> perName(String basin, MetricSet set, TimeRange range, Metric.Unit unit) {
    TreeSet<String> names = new TreeSet<>();
    counters.forEach((series, minutes) -> {
      if (series.set() == set && Objects.equals(series.basin(), basin)
          && !minutes.subMap(range.start(), true, range.end(), true).isEmpty()) {
        names.add(series.name());
      }
    });
    List<Metric> out = new ArrayList<>();
    for (String name : names) {
      out.add(accumulation(basin, set, name, range, unit));
    }
    return out;
  }

  private Metric accumulation(String basin, MetricSet set, String name, TimeRange range, Metric.Unit unit) {
    TreeMap<Long, Double> buckets = new TreeMap<>();
    TreeMap<Long, Double> minutes = counters.get(new Series(basin, set, name));
    if (minutes != null) {
      minutes.subMap(range.start(), true, range.end(), true).forEach((minute, value) ->
          buckets.merge(range.interval().floor(minute), value, Double::sum));
    }
    List<Metric.Point> points = new ArrayList<>();
    buckets.forEach((t, v) -> points.add(new Metric.Point(t, v)));
    return new Metric.Accumulation(name, unit, range.interval(), points);
  }

  /**
   * Stored bytes of the streams {@code which} selects, at each interval of the range: each point
   * is the reading at the end of its interval (or now, for the current one).
   */
  private Metric storage(TimeRange range, java.util.function.Predicate<StreamKey> which) {
    long now = clock.millis();
    long step = range.interval().seconds();
    List<Metric.Point> points = new ArrayList<>();
    for (long t = range.interval().floor(range.start()); t <= range.end() && t * 1000 <= now; t += step) {
      long at = Math.min((t + step) * 1000 - 1, now);
      long total = 0;
      for (Map.Entry<StreamKey, StreamHistory> e : streams.entrySet()) {
        if (which.test(e.getKey())) {
          total += e.getValue().at(at);
        }
      }
      points.add(new Metric.Point(t, total));
    }
    return new Metric.Gauge("storage", Metric.Unit.BYTES, points);
  }

  private long nowMinute() {
    return Interval.MINUTE.floor(Math.floorDiv(clock.millis(), 1000));
  }

  private void count(String basin, MetricSet set, String name, long minute, double amount) {
    counters.computeIfAbsent(new Series(basin, set, name), k -> new TreeMap<>()).merge(minute, amount, Double::sum);
    if (minute > prunedMinute + 3600) {
      prune(minute - KEEP_SECONDS);
      prunedMinute = minute;
    }
  }

  private void prune(long before) {
    counters.values().forEach(minutes -> minutes.headMap(before).clear());
    counters.values().removeIf(NavigableMap::isEmpty);
    long beforeMillis = before * 1000;
    streams.values().removeIf(h -> {
      Map.Entry<Long, Long> last = h.bytes.floorEntry(beforeMillis);
      if (last != null) {
        h.bytes.headMap(last.getKey()).clear();
      }
      h.lifetimes.removeIf(life -> life[1] < beforeMillis);
      return h.lifetimes.isEmpty();
    });
  }
}
