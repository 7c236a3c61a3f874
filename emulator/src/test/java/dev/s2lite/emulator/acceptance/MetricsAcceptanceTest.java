package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics API from known traffic: every figure is what the test appended, read and did. One
 * HTTP/2 connection carries all requests, so "one append op per connection, stream and minute"
 * is exact; the server's clock is moved by hand.
 */
class MetricsAcceptanceTest {

  private static final Instant MINUTE = Instant.parse("2031-03-04T05:06:00Z");
  private static final long M = MINUTE.getEpochSecond();
  private static final long HOUR = M - M % 3600;

  private TestClock clock;
  private S2LiteServer server;

  @BeforeEach
  void start() {
    clock = new TestClock(MINUTE.plusSeconds(5));
    server = S2LiteServer.builder().clock(clock).housekeepingPeriod(Duration.ZERO).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Res send(Req req) {
    return Transport.H2C.send(server.endpoint(), req);
  }

  private JsonNode metrics(String path, String set, long start, long end, String extra) {
    return send(Req.get(path + "?set=" + set + "&start=" + start + "&end=" + end + extra)).assertJson(200);
  }

  private void append(String stream, String singleQuotedRecords) {
    send(Req.post("/v1/streams/" + stream + "/records").basin("metered-basin")
        .json("{'records': " + singleQuotedRecords + "}")).assertJson(200);
  }

  /** Known traffic: minute M and minute M+1 (see each comment for the metered bytes). */
  private void knownTraffic() {
    send(Req.post("/v1/basins").json("{'basin': 'metered-basin'}")).assertJson(201);
    send(Req.post("/v1/streams").basin("metered-basin").json("{'stream': 'express-1'}")).assertJson(201);
    send(Req.post("/v1/streams").basin("metered-basin")
        .json("{'stream': 'standard-1', 'config': {'storage_class': 'standard'}}")).assertJson(201);
    String hundred = "x".repeat(100);
    append("express-1", "[{'body': '" + hundred + "'}, {'body': '" + hundred + "'}]"); // 2 x (8 + 100)
    append("express-1", "[{'body': '" + "y".repeat(50) + "'}]"); // 58, same connection and minute
    append("standard-1", "[{'body': '" + "z".repeat(20) + "'}]"); // 28
    clock.advance(Duration.ofMinutes(1));
    append("express-1", "[{'body': '" + "w".repeat(10) + "'}]"); // 18
    assertThat(send(Req.get("/v1/streams/express-1/records?seq_num=0").basin("metered-basin")).assertJson(200)
        .path("records")).hasSize(4); // 216 + 58 + 18 = 292 read
    send(Req.get("/v1/streams/express-1/records/tail").basin("metered-basin")).assertJson(200);
    send(Req.get("/v1/streams").basin("metered-basin")).assertJson(200);
  }

  @Test
  void appendThroughputAndOpsAreGroupedByStorageClassPerMinute() {
    knownTraffic();
    long now = clock.instant().getEpochSecond();

    assertThat(metrics("/v1/metrics/metered-basin", "append-throughput", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'standard', 'unit': 'bytes', 'interval': 'minute', 'values': [[" + M + ", 28.0]]}},"
            + " {'accumulation': {'name': 'express', 'unit': 'bytes', 'interval': 'minute',"
            + " 'values': [[" + M + ", 274.0], [" + (M + 60) + ", 18.0]]}}]}"));
    assertThat(metrics("/v1/metrics/metered-basin", "append-ops", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'standard', 'unit': 'operations', 'interval': 'minute', 'values': [[" + M + ", 1.0]]}},"
            + " {'accumulation': {'name': 'express', 'unit': 'operations', 'interval': 'minute',"
            + " 'values': [[" + M + ", 1.0], [" + (M + 60) + ", 1.0]]}}]}"));
    assertThat(metrics("/v1/metrics/metered-basin", "append-throughput", M - 60, now, "&interval=hour")
        .path("values").get(1).path("accumulation").path("values")).isEqualTo(Json.of("[[" + HOUR + ", 292.0]]"));
  }

  @Test
  void readsAreMeteredByKindAndBytes() {
    knownTraffic();
    long now = clock.instant().getEpochSecond();

    assertThat(metrics("/v1/metrics/metered-basin", "read-ops", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'unary', 'unit': 'operations', 'interval': 'minute', 'values': [[" + (M + 60) + ", 1.0]]}},"
            + " {'accumulation': {'name': 'streaming', 'unit': 'operations', 'interval': 'minute', 'values': []}}]}"));
    assertThat(metrics("/v1/metrics/metered-basin", "read-throughput", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'read-throughput', 'unit': 'bytes', 'interval': 'minute',"
            + " 'values': [[" + (M + 60) + ", 292.0]]}}]}"));
  }

  @Test
  void basinAndAccountOpsCountEachSuccessfulRequestByOperation() {
    knownTraffic();
    send(Req.get("/v1/streams/no-such-stream").basin("metered-basin")).assertError(404, "stream_not_found");
    long now = clock.instant().getEpochSecond();

    assertThat(metrics("/v1/metrics/metered-basin", "basin-ops", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'check-tail', 'unit': 'operations', 'interval': 'minute', 'values': [[" + (M + 60) + ", 1.0]]}},"
            + " {'accumulation': {'name': 'create-stream', 'unit': 'operations', 'interval': 'minute', 'values': [[" + M + ", 2.0]]}},"
            + " {'accumulation': {'name': 'list-streams', 'unit': 'operations', 'interval': 'minute', 'values': [[" + (M + 60) + ", 1.0]]}}]}"));
    // The basin-ops request above is itself an account op, counted once it has succeeded.
    assertThat(metrics("/v1/metrics", "account-ops", M - 60, now, "&interval=minute")).isEqualTo(Json.of(
        "{'values': [{'accumulation': {'name': 'basin-metrics', 'unit': 'operations', 'interval': 'minute', 'values': [[" + (M + 60) + ", 1.0]]}},"
            + " {'accumulation': {'name': 'create-basin', 'unit': 'operations', 'interval': 'minute', 'values': [[" + M + ", 1.0]]}}]}"));
    assertThat(metrics("/v1/metrics", "account-ops", M - 60, now, "").path("values").get(0)
        .path("accumulation").path("interval").asText()).isEqualTo("hour");
  }

  @Test
  void storageFollowsWhatIsKeptThroughTrimsAndDeletion() {
    knownTraffic();
    long now = clock.instant().getEpochSecond();
    assertThat(metrics("/v1/metrics/metered-basin", "storage", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'gauge': {'name': 'storage', 'unit': 'bytes', 'values': [[" + HOUR + ", 320.0]]}}]}"));
    assertThat(metrics("/v1/metrics/metered-basin/express-1", "storage", M, now, "")).isEqualTo(Json.of(
        "{'values': [{'gauge': {'name': 'storage', 'unit': 'bytes', 'values': [[" + M + ", 274.0], [" + (M + 60) + ", 292.0]]}}]}"));

    clock.advance(Duration.ofMinutes(1));
    // A trim command record to seq_num 4 (itself 8 + 2 + 4 + 8 = 22 bytes, and kept).
    send(Req.post("/v1/streams/express-1/records").basin("metered-basin").header("s2-format", "base64")
        .json("{'records': [{'headers': [['', 'dHJpbQ==']], 'body': 'AAAAAAAAAAQ='}]}")).assertJson(200);
    server.runHousekeeping();
    clock.advance(Duration.ofMinutes(1));
    send(Req.delete("/v1/streams/standard-1").basin("metered-basin")).assertStatus(202);
    server.runHousekeeping();
    now = clock.instant().getEpochSecond();

    assertThat(metrics("/v1/metrics/metered-basin/express-1", "storage", M, now, "").path("values").get(0)
        .path("gauge").path("values")).isEqualTo(Json.of(
            "[[" + M + ", 274.0], [" + (M + 60) + ", 292.0], [" + (M + 120) + ", 22.0], [" + (M + 180) + ", 22.0]]"));
    assertThat(metrics("/v1/metrics/metered-basin/standard-1", "storage", M + 180, now, "").path("values").get(0)
        .path("gauge").path("values")).isEqualTo(Json.of("[[" + (M + 180) + ", 0.0]]"));
    assertThat(metrics("/v1/metrics/metered-basin", "storage", M, now, "").path("values").get(0)
        .path("gauge").path("values")).isEqualTo(Json.of("[[" + HOUR + ", 22.0]]"));
  }

  @Test
  void activeBasinsAreThoseWithAStreamInThePeriod() {
    send(Req.post("/v1/basins").json("{'basin': 'empty-basin'}")).assertJson(201);
    knownTraffic();
    long now = clock.instant().getEpochSecond();

    assertThat(metrics("/v1/metrics", "active-basins", M - 60, now, "")).isEqualTo(Json.of(
        "{'values': [{'label': {'name': 'active_basins', 'values': ['metered-basin']}}]}"));
    assertThat(metrics("/v1/metrics", "active-basins", M - 3600, M - 60, "")).isEqualTo(Json.of(
        "{'values': [{'label': {'name': 'active_basins', 'values': []}}]}"));
  }

  @Test
  void rangesAreCheckedAsTheCloudChecksThem() {
    long now = clock.instant().getEpochSecond();
    for (String query : new String[] {"set=account-ops", "set=account-ops&start=" + now,
        "set=account-ops&start=" + now + "&end=" + (now - 1),
        "set=account-ops&start=" + now + "&end=" + (now + 600),
        "set=account-ops&start=" + (now - 31 * 86400) + "&end=" + now}) {
      send(Req.get("/v1/metrics?" + query)).assertError(422, "invalid");
    }
    send(Req.get("/v1/metrics/metered-basin?set=storage&start=" + now + "&end=" + now + "&interval=minute"))
        .assertError(422, "invalid");
    send(Req.get("/v1/metrics/metered-basin/s?set=storage&start=" + now + "&end=" + now + "&interval=hour"))
        .assertError(422, "invalid");
    send(Req.get("/v1/metrics?set=account-ops&start=" + (now + 60 - 30 * 86400) + "&end=" + (now + 60))).assertJson(200);
  }
}
