package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: s2-lite 0.43's Prometheus families (LITE-0.43 §3), then the emulator's
 * own. (The TypeScript suite also scrapes it through a Prometheus text-format parser.)
 */
class PrometheusAcceptanceTest {

  private S2LiteServer server;

  @BeforeEach
  void start() {
    server = S2LiteServer.builder().housekeepingPeriod(Duration.ZERO).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Res scrape() {
    Res res = Transport.HTTP_1_1.send(server.endpoint(), Req.get("/metrics")).assertStatus(200);
    assertThat(res.header("content-type")).isEqualTo("text/plain; version=0.0.4");
    assertThat(res.header("content-encoding")).isNull();
    return res;
  }

  /** Each sample line as {@code name{labels}} to its value. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> out = new HashMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }

  @Test
  void aFreshServerListsTheProcessFamiliesAndNoAppendHistogram() {
    String text = scrape().text();

    assertThat(text).contains("# TYPE process_cpu_seconds_total counter", "# TYPE process_open_fds gauge",
        "# TYPE process_max_fds gauge", "# TYPE process_resident_memory_bytes gauge",
        "# TYPE process_virtual_memory_bytes gauge", "# TYPE process_start_time_seconds gauge",
        "# TYPE process_threads gauge");
    assertThat(text).doesNotContain("s2_append");
    assertThat(samples(text).get("process_threads")).isPositive();
  }

  @Test
  void appendBatchesAreObservedAtAdmissionAndAckedOnesTimed() {
    Transport.HTTP_1_1.send(server.endpoint(), Req.post("/v1/basins")
        .json("{'basin': 'prom-basin', 'config': {'create_stream_on_append': true}}")).assertStatus(201);
    Req append = Req.post("/v1/streams/s/records").basin("prom-basin");
    Transport.HTTP_1_1.send(server.endpoint(), append.json("{'records': [{'body': 'a'}, {'body': 'b'}, {'body': 'c'}]}"))
        .assertStatus(200);
    Transport.HTTP_1_1.send(server.endpoint(), append.json("{'records': [{'body': '" + "x".repeat(600) + "'}]}"))
        .assertStatus(200);
    // Admitted, then refused when sequenced: counted as a batch, not as an ack.
    Transport.HTTP_1_1.send(server.endpoint(), append.json("{'records': [{'body': 'late'}], 'match_seq_num': 0}"))
        .assertStatus(412);

    String text = scrape().text();
    Map<String, Double> s = samples(text);

    assertThat(text).contains("# HELP s2_append_batch_records Append batch size in number of records",
        "# TYPE s2_append_batch_records histogram", "# HELP s2_append_batch_bytes Append batch size in bytes",
        "# HELP s2_append_permit_latency_seconds Append permit latency in seconds",
        "# HELP s2_append_ack_latency_seconds Append ack latency in seconds");
    assertThat(s.get("s2_append_batch_records_count")).isEqualTo(3.0);
    assertThat(s.get("s2_append_batch_records_sum")).isEqualTo(5.0);
    assertThat(s.get("s2_append_batch_records_bucket{le=\"1.0\"}")).isEqualTo(2.0);
    assertThat(s.get("s2_append_batch_records_bucket{le=\"10.0\"}")).isEqualTo(3.0);
    assertThat(s.get("s2_append_batch_records_bucket{le=\"+Inf\"}")).isEqualTo(3.0);
    assertThat(s.get("s2_append_batch_bytes_sum")).isEqualTo(3 * 9 + 608 + 12);
    assertThat(s.get("s2_append_batch_bytes_bucket{le=\"512.0\"}")).isEqualTo(2.0);
    assertThat(s.get("s2_append_batch_bytes_bucket{le=\"1024.0\"}")).isEqualTo(3.0);
    assertThat(s.get("s2_append_permit_latency_seconds_count")).isEqualTo(3.0);
    assertThat(s.get("s2_append_ack_latency_seconds_count")).isEqualTo(2.0);
    assertThat(s).containsKey("s2_append_ack_latency_seconds_bucket{le=\"2.5\"}");
    assertThat(s.get("s2lite_http_requests_total{method=\"POST\",route=\"/v1/streams/{stream}/records\",status=\"200\"}"))
        .isEqualTo(2.0);
    assertThat(s.get("s2lite_http_requests_total{method=\"POST\",route=\"/v1/streams/{stream}/records\",status=\"412\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void everyFamilyHasAHelpTextOnceSessionsHaveRun() {
    Transport.HTTP_1_1.send(server.endpoint(), Req.post("/v1/basins")
        .json("{'basin': 'prom-sessions', 'config': {'create_stream_on_append': true}}")).assertStatus(201);
    Transport.HTTP_1_1.send(server.endpoint(), Req.post("/v1/streams/s/records").basin("prom-sessions")
        .json("{'records': [{'body': 'a'}]}")).assertStatus(200);
    Transport.HTTP_1_1.send(server.endpoint(), Req.get("/v1/streams/s/records?seq_num=0&wait=0")
        .basin("prom-sessions").header("accept", "text/event-stream")).assertStatus(200);

    String text = scrape().text();

    assertThat(text).contains("s2lite_sessions_active{kind=");
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        // "# HELP name text": some text-format parsers refuse a family without its text.
        assertThat(line.split(" ", 4)).as(line).hasSize(4);
        assertThat(line.split(" ", 4)[3]).as(line).isNotBlank();
      }
    }
  }
}
