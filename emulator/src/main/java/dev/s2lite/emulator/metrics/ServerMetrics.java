package dev.s2lite.emulator.metrics;

import dev.s2lite.emulator.record.AppendListener;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code GET /metrics} serves, in the Prometheus text format, through Micrometer's
 * Prometheus registry: s2-lite 0.43's families with its names, help texts and buckets (the four
 * {@code s2_append_*} histograms, created at the first append as in lite, and the
 * {@code process_*} families), then the emulator's own {@code s2lite_*} request and session
 * metrics.
 */
public final class ServerMetrics implements AppendListener {

  /** The content type lite answers {@code /metrics} with. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

  private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
  private volatile AppendHistograms append;
  private final Map<String, AtomicInteger> activeSessions = new ConcurrentHashMap<>();

  private record AppendHistograms(Histogram records, Histogram bytes, Histogram permit, Histogram ack) {}

  public ServerMetrics() {
    ProcessMetrics.builder().register(prometheus);
    GaugeWithCallback.builder()
        .name("process_threads")
        .help("Number of OS threads in the process.")
        .callback(callback -> callback.call(osThreads()))
        .register(prometheus);
  }

  /** The registry, for meters of one's own. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Everything, in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  // --- s2-lite's append histograms ---

  @Override
  public void admitted(int records, long meteredBytes) {
    AppendHistograms h = appendHistograms();
    h.records.observe(records);
    h.bytes.observe(meteredBytes);
  }

  @Override
  public void permitted(long waitNanos) {
    appendHistograms().permit.observe(waitNanos / 1e9);
  }

  @Override
  public void acked(long nanos) {
    appendHistograms().ack.observe(nanos / 1e9);
  }

  private AppendHistograms appendHistograms() {
    AppendHistograms h = append;
    if (h != null) {
      return h;
    }
    synchronized (this) {
      if (append == null) {
        append = new AppendHistograms(
            histogram("s2_append_batch_records", "Append batch size in number of records",
                1, 10, 50, 100, 250, 500, 1000),
            histogram("s2_append_batch_bytes", "Append batch size in bytes",
                512, 1024, 4096, 16384, 65536, 262144, 524288, 1048576),
            histogram("s2_append_permit_latency_seconds", "Append permit latency in seconds", LATENCY_BUCKETS),
            histogram("s2_append_ack_latency_seconds", "Append ack latency in seconds", LATENCY_BUCKETS));
      }
      return append;
    }
  }

  private Histogram histogram(String name, String help, double... buckets) {
    return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(buckets)
        .register(prometheus);
  }

  // --- the emulator's own ---

  /** One HTTP request answered: {@code s2lite_http_requests_total} and its duration. */
  public void requestServed(String method, String route, int status, long nanos) {
    RequestMeters meters = requestMeters.computeIfAbsent(new RequestKey(method, route, status), key -> new RequestMeters(
        Counter.builder("s2lite.http.requests")
            .description("HTTP requests answered, by method, route and status")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .register(registry),
        Timer.builder("s2lite.http.request.duration")
            .description("Time to answer an HTTP request, up to the response headers for sessions")
            .tags("method", method, "route", route)
            .register(registry)));
    meters.requests.increment();
    meters.duration.record(nanos, TimeUnit.NANOSECONDS);
  }

  private record RequestKey(String method, String route, int status) {}

  private record RequestMeters(Counter requests, Timer duration) {}

  /** The meters of each kind of request, found once: building them per request cost a unary request ~3% of its time. */
  private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

  /** A session began: {@code s2lite_sessions_total} and {@code s2lite_sessions_active}. */
  public void sessionStarted(String kind) {
    Counter.builder("s2lite.sessions").description("Read and append sessions started, by kind")
        .tag("kind", kind).register(registry).increment();
    activeSessions(kind).incrementAndGet();
  }

  public void sessionEnded(String kind) {
    activeSessions(kind).decrementAndGet();
  }

  private AtomicInteger activeSessions(String kind) {
    return activeSessions.computeIfAbsent(kind, k -> {
      AtomicInteger active = new AtomicInteger();
      // A description, so the family's HELP line is not empty (some text-format parsers refuse that).
      Gauge.builder("s2lite.sessions.active", active, AtomicInteger::get)
          .description("Read and append sessions open now, by kind")
          .tag("kind", k)
          .register(registry);
      return active;
    });
  }

  /** Records delivered to readers: {@code s2lite_read_records_total} and bytes. */
  public void recordsRead(long records, long meteredBytes) {
    Counter.builder("s2lite.read.records").description("Records sent to readers, unary and sessions")
        .register(registry).increment(records);
    Counter.builder("s2lite.read.bytes").description("Metered bytes of the records sent to readers")
        .baseUnit("bytes").register(registry).increment(meteredBytes);
  }

  private static double osThreads() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Threads:")) {
          return Double.parseDouble(line.substring("Threads:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the JVM's own count is the closest there is.
    }
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }
}
