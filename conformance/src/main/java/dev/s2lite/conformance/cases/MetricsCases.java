package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.model.AccumulationMetric;
import dev.s2lite.openapi.client.model.BasinMetricSet;
import dev.s2lite.openapi.client.model.Metric;
import dev.s2lite.openapi.client.model.MetricSetResponse;
import dev.s2lite.openapi.client.model.MetricUnit;
import dev.s2lite.openapi.client.model.StreamConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The metrics API as the S2 cloud has it, which the emulator computes from what it served and
 * stored (s2-lite: 501, {@link StubCases}): known traffic in, its figures out. Each case makes its
 * own basin, so that its figures are its own; a series may split over minutes, so the cases add up
 * its points.
 */
public final class MetricsCases {

  private MetricsCases() {}

  /** Metered bytes of the known traffic: 2 x (8 + 100) + (8 + 50). */
  static final double APPENDED = 274;

  /** {@code &start=...&end=...}: the last hour, up to half a minute ahead (the end may be a minute ahead). */
  static String range() {
    long now = Instant.now().getEpochSecond();
    return "&start=" + (now - 3600) + "&end=" + (now + 30);
  }

  record Traffic(String basin, String stream) {
    String streamPath() {
      return "/v1/metrics/" + basin + "/" + CaseContext.encode(stream);
    }
  }

  /** A basin with one stream and two appends to it: three records, {@link #APPENDED} metered bytes. */
  static Traffic knownTraffic(CaseContext c) {
    String basin = c.newBasin();
    String stream = c.newStream(basin, (StreamConfig) null);
    String hundred = "x".repeat(100);
    c.append(basin, stream, "[{'body': '" + hundred + "'}, {'body': '" + hundred + "'}]");
    c.append(basin, stream, "[{'body': '" + "y".repeat(50) + "'}]");
    return new Traffic(basin, stream);
  }

  private static Res metrics(CaseContext c, String path, String set) {
    return c.account("GET", path + "?set=" + set + range()).send().status(200);
  }

  /** The metrics of a set answer, each checked to be of this kind ({@code accumulation}, {@code gauge}, {@code label}). */
  private static List<JsonNode> series(Res r, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : r.at("/values")) {
      check(m.has(kind), "every metric is a " + kind + ": " + r.text());
      out.add(m.get(kind));
    }
    return out;
  }

  /** The sum of the points of the accumulations named {@code name} (every one when null). */
  private static double sum(Res r, String name) {
    double total = 0;
    for (JsonNode s : series(r, "accumulation")) {
      if (name == null || s.path("name").asText().equals(name)) {
        for (JsonNode point : s.path("values")) {
          total += point.get(1).asDouble();
        }
      }
    }
    return total;
  }

  private static void units(Res r, String kind, String unit) {
    for (JsonNode s : series(r, kind)) {
      equal(s.path("unit").asText(), unit, "unit of " + s.path("name").asText());
    }
  }

  /** The value of the last point of the one gauge of the answer. */
  private static double lastGauge(Res r) {
    List<JsonNode> gauges = series(r, "gauge");
    equal(gauges.size(), 1, "gauges");
    JsonNode points = gauges.get(0).path("values");
    if (points.isEmpty()) {
      throw new CaseFailure("expected points in the gauge, got " + r.text());
    }
    return points.get(points.size() - 1).get(1).asDouble();
  }

  private static List<String> names(Res r, String kind) {
    List<String> out = new ArrayList<>();
    series(r, kind).forEach(s -> out.add(s.path("name").asText()));
    return out;
  }

  public static void register(Suite s) {
    String a = "metrics";

    s.add(a, "append-throughput-is-the-metered-bytes", "append-throughput adds up to the metered bytes appended, per storage class (through the generated client)",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          int now = (int) Instant.now().getEpochSecond();
          MetricSetResponse r = c.metricsApi().basinMetrics(t.basin(), BasinMetricSet.APPEND_THROUGHPUT, now - 3600, now + 30, null);
          double total = 0;
          for (Metric m : r.getValues()) {
            AccumulationMetric series = m.getAccumulation();
            check(series != null, "every metric is an accumulation: " + r);
            equal(series.getUnit(), MetricUnit.BYTES, "unit of " + series.getName());
            check(Set.of("standard", "express").contains(series.getName()), "series by storage class: " + r);
            for (List<BigDecimal> point : series.getValues()) {
              total += point.get(1).doubleValue();
            }
          }
          equal(total, APPENDED, "bytes appended");
        });

    s.add(a, "append-ops-count-the-appends", "append-ops counts the appends (an op is a minute of appends to a stream over a connection)",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          Res r = metrics(c, "/v1/metrics/" + t.basin(), "append-ops");
          units(r, "accumulation", "operations");
          double ops = sum(r, null);
          check(ops >= 1 && ops <= 2, "1 or 2 append ops for 2 appends, got " + ops + ": " + r.text());
        });

    s.add(a, "read-throughput-is-the-metered-bytes", "read-throughput adds up to the metered bytes read",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          c.read(t.basin(), t.stream(), "?seq_num=0").status(200).recordCount(3);
          Res r = metrics(c, "/v1/metrics/" + t.basin(), "read-throughput");
          units(r, "accumulation", "bytes");
          equal(sum(r, null), APPENDED, "bytes read");
        });

    s.add(a, "read-ops-by-kind", "read-ops counts a unary read as unary, and no streaming read",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          c.read(t.basin(), t.stream(), "?seq_num=0").status(200);
          Res r = metrics(c, "/v1/metrics/" + t.basin(), "read-ops");
          units(r, "accumulation", "operations");
          equal(sum(r, "unary"), 1.0, "unary reads");
          equal(sum(r, "streaming"), 0.0, "streaming reads");
        });

    s.add(a, "stream-storage-is-what-is-stored", "the stream storage gauge ends at the metered bytes stored",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          Res r = metrics(c, t.streamPath(), "storage");
          units(r, "gauge", "bytes");
          equal(lastGauge(r), APPENDED, "bytes stored in the stream");
        });

    s.add(a, "basin-storage-is-what-is-stored", "the basin storage gauge ends at the metered bytes stored in its streams",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          Res r = metrics(c, "/v1/metrics/" + t.basin(), "storage");
          units(r, "gauge", "bytes");
          equal(lastGauge(r), APPENDED, "bytes stored in the basin");
        });

    s.add(a, "basin-ops-count-successful-operations", "basin-ops counts each successful basin-level operation by name, and no failed one",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          c.tail(t.basin(), t.stream()).status(200);
          c.stream(t.basin(), "no-such-stream", "GET", "").send().error(404, "stream_not_found");
          Res r = metrics(c, "/v1/metrics/" + t.basin(), "basin-ops");
          units(r, "accumulation", "operations");
          equal(sum(r, "create-stream"), 1.0, "create-stream ops");
          equal(sum(r, "check-tail"), 1.0, "check-tail ops");
          equal(sum(r, "get-stream-config"), 0.0, "get-stream-config ops (the one made failed)");
        });

    s.add(a, "account-ops-count-operations", "account-ops has one accumulation per operation, per hour by default",
        Suite.CLOUD_AND_EMULATOR, c -> {
          c.newBasin();
          Res r = metrics(c, "/v1/metrics", "account-ops");
          units(r, "accumulation", "operations");
          check(sum(r, "create-basin") >= 1, "at least the basin this case created: " + r.text());
          for (JsonNode m : series(r, "accumulation")) {
            equal(m.path("interval").asText(), "hour", "interval of " + m.path("name").asText());
          }
        });

    s.add(a, "active-basins-are-those-with-streams", "active-basins lists a basin with a stream, and not an empty one",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          String empty = c.newBasin();
          Res r = metrics(c, "/v1/metrics", "active-basins");
          List<JsonNode> labels = series(r, "label");
          equal(labels.size(), 1, "label metrics");
          List<String> active = new ArrayList<>();
          labels.get(0).path("values").forEach(v -> active.add(v.asText()));
          check(active.contains(t.basin()), t.basin() + " is active: " + r.text());
          check(!active.contains(empty), empty + " (no stream) is not active: " + r.text());
        });

    s.add(a, "range-is-required", "a metric set without start and end is 422 invalid", Suite.CLOUD_AND_EMULATOR, c ->
        c.account("GET", "/v1/metrics?set=account-ops").send().error(422, "invalid"));

    s.add(a, "start-after-end-is-422", "start after end is 422 invalid", Suite.CLOUD_AND_EMULATOR, c -> {
      long now = Instant.now().getEpochSecond();
      c.account("GET", "/v1/metrics?set=account-ops&start=" + now + "&end=" + (now - 60)).send().error(422, "invalid");
    });

    s.add(a, "end-in-the-future-is-422", "an end ten minutes ahead is 422 invalid", Suite.CLOUD_AND_EMULATOR, c -> {
      long now = Instant.now().getEpochSecond();
      c.account("GET", "/v1/metrics?set=account-ops&start=" + (now - 60) + "&end=" + (now + 600)).send()
          .error(422, "invalid");
    });

    s.add(a, "range-over-30-days-is-422", "a range of 31 days is 422 invalid", Suite.CLOUD_AND_EMULATOR, c -> {
      long now = Instant.now().getEpochSecond();
      c.account("GET", "/v1/metrics?set=account-ops&start=" + (now - 31 * 86400) + "&end=" + now).send()
          .error(422, "invalid");
    });

    s.add(a, "storage-only-at-its-interval", "basin storage per minute, or stream storage per hour, is 422 invalid",
        Suite.CLOUD_AND_EMULATOR, c -> {
          Traffic t = knownTraffic(c);
          c.account("GET", "/v1/metrics/" + t.basin() + "?set=storage&interval=minute" + range()).send()
              .error(422, "invalid");
          c.account("GET", t.streamPath() + "?set=storage&interval=hour" + range()).send().error(422, "invalid");
        });

    s.add(a, "unknown-basin-has-no-data", "the metrics of a basin that never existed are empty series, not 404 (the emulator)",
        Suite.EMULATOR_ONLY, c -> {
          Res r = metrics(c, "/v1/metrics/" + c.basinName(), "append-throughput");
          equal(sum(r, null), 0.0, "bytes appended");
          for (JsonNode series : series(r, "accumulation")) {
            check(series.path("values").isEmpty(), "no points: " + r.text());
          }
        });
  }
}
