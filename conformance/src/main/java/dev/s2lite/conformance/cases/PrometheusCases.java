package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import dev.s2lite.conformance.Case;
import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics} as s2-lite 0.43 serves it (LITE-0.43 section 3): the Prometheus text
 * format, the seven {@code process_*} families, and the four {@code s2_append_*} histograms with
 * their help texts and buckets, counted as lite counts them. The cloud has no such route.
 */
public final class PrometheusCases {

  private PrometheusCases() {}

  /** The families of a scrape: name to type and help, and every sample by its name with labels. */
  record Scrape(Map<String, String> types, Map<String, String> helps, Map<String, Double> samples, String text) {

    static Scrape of(Res r) {
      Map<String, String> types = new LinkedHashMap<>();
      Map<String, String> helps = new LinkedHashMap<>();
      Map<String, Double> samples = new LinkedHashMap<>();
      for (String line : r.text().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ", 2);
          types.put(parts[0], parts[1].strip());
        } else if (line.startsWith("# HELP ")) {
          String[] parts = line.substring(7).split(" ", 2);
          helps.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
        } else if (!line.isBlank() && !line.startsWith("#")) {
          int space = line.lastIndexOf(' ');
          samples.put(normalize(line.substring(0, space).strip()), Double.parseDouble(line.substring(space + 1)));
        }
      }
      return new Scrape(types, helps, samples, r.text());
    }

    /** {@code le="1.0"} and {@code le="1"} name one bucket: the bound is compared as a number. */
    private static String normalize(String series) {
      int le = series.indexOf("le=\"");
      if (le < 0) {
        return series;
      }
      int end = series.indexOf('"', le + 4);
      String bound = series.substring(le + 4, end);
      String number = bound.equals("+Inf") ? bound : Double.toString(Double.parseDouble(bound));
      return series.substring(0, le + 4) + number + series.substring(end);
    }

    double value(String series) {
      Double v = samples.get(normalize(series));
      if (v == null) {
        throw new CaseFailure("no sample " + series + " in /metrics:\n" + text);
      }
      return v;
    }

    /** The bucket bounds of a histogram, in order. */
    List<String> bounds(String histogram) {
      List<String> out = new ArrayList<>();
      String prefix = histogram + "_bucket{le=\"";
      for (String series : samples.keySet()) {
        if (series.startsWith(prefix)) {
          out.add(series.substring(prefix.length(), series.indexOf('"', prefix.length())));
        }
      }
      return out;
    }
  }

  static final List<String> PROCESS = List.of("process_cpu_seconds_total", "process_max_fds", "process_open_fds",
      "process_resident_memory_bytes", "process_start_time_seconds", "process_threads", "process_virtual_memory_bytes");

  static final Map<String, String> HISTOGRAMS = Map.of(
      "s2_append_batch_records", "Append batch size in number of records",
      "s2_append_batch_bytes", "Append batch size in bytes",
      "s2_append_permit_latency_seconds", "Append permit latency in seconds",
      "s2_append_ack_latency_seconds", "Append ack latency in seconds");

  private static List<String> bounds(double... values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(Double.toString(v));
    }
    out.add("+Inf");
    return out;
  }

  static Scrape scrape(CaseContext c) {
    Res r = c.account("GET", "/metrics").send().status(200);
    String type = r.header("content-type");
    check(type != null && type.startsWith("text/plain") && type.contains("version=0.0.4"),
        "Content-Type text/plain; version=0.0.4, got " + type);
    return Scrape.of(r);
  }

  /** Appends one batch, so that the lazily created {@code s2_append_*} families exist. */
  private static void appendOnce(CaseContext c) {
    c.appendBodies(c.basin(), c.newStream(), "x");
  }

  public static void register(Suite s) {
    String a = "prometheus";

    s.add(a, "process-families", "/metrics has the seven process_* families with their types", Suite.SELF_HOSTED, c -> {
      Scrape scrape = scrape(c);
      for (String family : PROCESS) {
        equal(scrape.types().get(family), family.endsWith("_total") ? "counter" : "gauge", "# TYPE of " + family);
        scrape.value(family);
      }
    });

    s.add(a, "append-histograms", "after an append /metrics has the four s2_append_* histograms with lite's help texts",
        Suite.SELF_HOSTED, c -> {
          appendOnce(c);
          Scrape scrape = scrape(c);
          for (Map.Entry<String, String> h : HISTOGRAMS.entrySet()) {
            equal(scrape.types().get(h.getKey()), "histogram", "# TYPE of " + h.getKey());
            equal(scrape.helps().get(h.getKey()), h.getValue(), "# HELP of " + h.getKey());
            scrape.value(h.getKey() + "_sum");
            equal(scrape.value(h.getKey() + "_count"), scrape.value(h.getKey() + "_bucket{le=\"+Inf\"}"),
                h.getKey() + "_count (= the +Inf bucket)");
          }
        });

    s.add(a, "histogram-buckets", "the s2_append_* histograms have lite's bucket bounds", Suite.SELF_HOSTED, c -> {
      appendOnce(c);
      Scrape scrape = scrape(c);
      equal(scrape.bounds("s2_append_batch_records"), bounds(1, 10, 50, 100, 250, 500, 1000), "batch_records buckets");
      equal(scrape.bounds("s2_append_batch_bytes"),
          bounds(512, 1024, 4096, 16384, 65536, 262144, 524288, 1048576), "batch_bytes buckets");
      List<String> latency = bounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);
      equal(scrape.bounds("s2_append_permit_latency_seconds"), latency, "permit latency buckets");
      equal(scrape.bounds("s2_append_ack_latency_seconds"), latency, "ack latency buckets");
    });

    s.add(a, "append-batch-counted-as-lite-counts", "an append batch of 3 records, 36 metered bytes, is observed once; a batch refused 412 is counted but not acked",
        Suite.SELF_HOSTED, Case.Isolation.ALONE, c -> {
          String stream = c.newStream();
          appendOnce(c);
          Scrape before = scrape(c);
          c.appendBodies(c.basin(), stream, "abcd", "abcd", "abcd");
          Scrape after = scrape(c);
          equal(after.value("s2_append_batch_records_count") - before.value("s2_append_batch_records_count"), 1.0,
              "batch_records observations");
          equal(after.value("s2_append_batch_records_sum") - before.value("s2_append_batch_records_sum"), 3.0,
              "batch_records sum");
          equal(after.value("s2_append_batch_records_bucket{le=\"1\"}")
              - before.value("s2_append_batch_records_bucket{le=\"1\"}"), 0.0, "le=1 bucket");
          equal(after.value("s2_append_batch_records_bucket{le=\"10\"}")
              - before.value("s2_append_batch_records_bucket{le=\"10\"}"), 1.0, "le=10 bucket");
          equal(after.value("s2_append_batch_bytes_sum") - before.value("s2_append_batch_bytes_sum"), 36.0,
              "batch_bytes sum (3 x (8 + 4))");
          equal(after.value("s2_append_ack_latency_seconds_count") - before.value("s2_append_ack_latency_seconds_count"),
              1.0, "ack latency observations");

          c.records(c.basin(), stream, "POST", "").json("{'records': [{'body': 'late'}], 'match_seq_num': 0}").send()
              .status(412);
          Scrape refused = scrape(c);
          equal(refused.value("s2_append_batch_records_count") - after.value("s2_append_batch_records_count"), 1.0,
              "batch_records observations of the refused batch");
          equal(refused.value("s2_append_ack_latency_seconds_count") - after.value("s2_append_ack_latency_seconds_count"),
              0.0, "ack latency observations of the refused batch");
        });

    s.add(a, "never-compressed", "/metrics is not compressed, even with Accept-Encoding gzip", Suite.SELF_HOSTED, c ->
        c.account("GET", "/metrics").header("accept-encoding", "gzip").send().status(200).noHeader("content-encoding"));

    s.add(a, "emulator-request-metrics", "the emulator adds s2lite_http_requests_total by method, route and status",
        Suite.EMULATOR_ONLY, c -> {
          c.account("GET", "/v1/basins?prefix=" + c.basinName()).send().status(200);
          Scrape scrape = scrape(c);
          equal(scrape.types().get("s2lite_http_requests_total"), "counter", "# TYPE of s2lite_http_requests_total");
          check(scrape.value("s2lite_http_requests_total{method=\"GET\",route=\"/v1/basins\",status=\"200\"}") >= 1,
              "GET /v1/basins 200 counted");
        });
  }
}
