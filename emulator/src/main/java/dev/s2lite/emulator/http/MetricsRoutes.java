package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.metrics.Interval;
import dev.s2lite.emulator.metrics.Metric;
import dev.s2lite.emulator.metrics.MetricSet;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.metrics.TimeRange;
import dev.s2lite.emulator.metrics.Usage;
import dev.s2lite.emulator.stream.StreamName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The metrics API ({@code /v1/metrics}, {@code /v1/metrics/{basin}},
 * {@code /v1/metrics/{basin}/{stream}}) from what the emulator served and stored, and s2-lite's
 * Prometheus endpoint, {@code GET /metrics}.
 */
public final class MetricsRoutes implements Routes {

  /** Accepted by s2-lite 0.43 (and answered 501); the emulator has no prices to estimate with. */
  private static final String BILLABLE_USAGE = "estimated-billable-usage";

  private final Usage usage;
  private final ServerMetrics metrics;
  private final Clock clock;

  public MetricsRoutes(Usage usage, ServerMetrics metrics, Clock clock) {
    this.usage = usage;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/metrics", this::account);
    routes.get("/v1/metrics/{basin}", this::basin);
    routes.get("/v1/metrics/{basin}/{stream}", this::stream);
    routes.get("/metrics", ctx -> {
      ctx.status(200);
      ctx.contentType(ServerMetrics.CONTENT_TYPE);
      ctx.result(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    });
  }

  private void account(Context ctx) {
    Query query = query(ctx, MetricSet.Level.ACCOUNT);
    Access.of(ctx).account(Operation.ACCOUNT_METRICS);
    respond(ctx, usage.account(query.set, query.range()));
  }

  private void basin(Context ctx) {
    String basin = BasinRoutes.basinPath(ctx);
    Query query = query(ctx, MetricSet.Level.BASIN);
    Access.of(ctx).basin(Operation.BASIN_METRICS, basin);
    respond(ctx, usage.basin(basin, query.set, query.range()));
  }

  private void stream(Context ctx) {
    String basin = BasinRoutes.basinPath(ctx);
    String stream = Requests.pathSegment(ctx, 3);
    String problem = StreamName.problem(stream);
    if (problem != null) {
      throw S2Error.badPath(problem);
    }
    Query query = query(ctx, MetricSet.Level.STREAM);
    String stored = Access.of(ctx).stream(Operation.STREAM_METRICS, basin, stream);
    respond(ctx, usage.stream(basin, stored, query.set, query.range()));
  }

  /** The query as lite parses it ({@code 400 bad_query}); the range is checked after authorization. */
  private final class Query {
    final MetricSet set;
    final Long start;
    final Long end;
    final Interval interval;

    Query(MetricSet set, Long start, Long end, Interval interval) {
      this.set = set;
      this.start = start;
      this.end = end;
      this.interval = interval;
    }

    TimeRange range() {
      return set.range(start, end, interval, Math.floorDiv(clock.millis(), 1000));
    }
  }

  private Query query(Context ctx, MetricSet.Level level) {
    String wire = Requests.queryParam(ctx, "set");
    if (wire == null) {
      throw S2Error.badQuery("missing field `set`");
    }
    MetricSet set = MetricSet.of(level, wire);
    boolean billable = level == MetricSet.Level.ACCOUNT && wire.equals(BILLABLE_USAGE);
    if (set == null && !billable) {
      throw S2Error.badQuery("set: unknown variant `" + wire + "`, expected " + variants(level));
    }
    Long start = Requests.queryU32(ctx, "start");
    Long end = Requests.queryU32(ctx, "end");
    String intervalWire = Requests.queryParam(ctx, "interval");
    Interval interval = intervalWire == null ? null : Interval.fromWire(intervalWire);
    if (intervalWire != null && interval == null) {
      throw S2Error.badQuery("interval: unknown variant `" + intervalWire + "`, expected one of `minute`, `hour`, `day`");
    }
    if (billable) {
      Access.of(ctx).account(Operation.ACCOUNT_METRICS);
      throw S2Error.notImplemented();
    }
    return new Query(set, start, end, interval);
  }

  private static String variants(MetricSet.Level level) {
    List<String> names = new java.util.ArrayList<>(Arrays.stream(MetricSet.values())
        .filter(s -> s.level() == level).map(s -> "`" + s.wire() + "`").toList());
    if (level == MetricSet.Level.ACCOUNT) {
      names.add("`" + BILLABLE_USAGE + "`");
    }
    return names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
  }

  private static void respond(Context ctx, List<Metric> metrics) {
    ObjectNode body = Json.object();
    ArrayNode values = body.putArray("values");
    for (Metric m : metrics) {
      values.add(render(m));
    }
    Responses.json(ctx, 200, body);
  }

  static ObjectNode render(Metric metric) {
    ObjectNode out = Json.object();
    if (metric instanceof Metric.Scalar s) {
      out.putObject("scalar").put("name", s.name()).put("unit", s.unit().wire()).put("value", s.value());
    } else if (metric instanceof Metric.Accumulation a) {
      ObjectNode o = out.putObject("accumulation").put("name", a.name()).put("unit", a.unit().wire())
          .put("interval", a.interval().wire());
      points(o, a.values());
    } else if (metric instanceof Metric.Gauge g) {
      points(out.putObject("gauge").put("name", g.name()).put("unit", g.unit().wire()), g.values());
    } else if (metric instanceof Metric.Label l) {
      ArrayNode values = out.putObject("label").put("name", l.name()).putArray("values");
      l.values().forEach(values::add);
    }
    return out;
  }

  private static void points(ObjectNode series, List<Metric.Point> points) {
    ArrayNode values = series.putArray("values");
    for (Metric.Point p : points) {
      values.addArray().add(p.epochSeconds()).add(p.value());
    }
  }
}
