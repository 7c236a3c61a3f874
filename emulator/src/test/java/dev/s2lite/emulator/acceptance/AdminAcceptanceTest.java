package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.testing.StoreKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's own routes under {@code /_emulator}, outside the S2 API, over HTTP. */
class AdminAcceptanceTest extends AcceptanceTest {

  @BeforeEach
  void clearTestControl() {
    server.clock().reset();
    server.faults().clear();
    server.journal().clear();
    for (var snapshot : server.snapshots().list()) {
      server.snapshots().delete(snapshot.name());
    }
  }

  // --- reset ---

  @Test
  void resetForgetsEveryBasinAndStream() {
    createBasin("admin-reset-basin");
    createStream("admin-reset-basin", "s");

    Res reset = send(Req.post("/_emulator/reset"));

    assertThat(reset.status()).isEqualTo(204);
    send(Req.get("/v1/basins/admin-reset-basin")).assertError(404, "basin_not_found");
    assertThat(listBasins("").get("basins")).isEmpty();
  }

  @Test
  void resetOfOneBasinLeavesTheOthers() {
    createBasin("reset-this-basin");
    createStream("reset-this-basin", "s");
    createBasin("keep-this-basin");
    createStream("keep-this-basin", "s");

    assertThat(send(Req.post("/_emulator/reset?basin=reset-this-basin")).status()).isEqualTo(204);

    send(Req.get("/v1/basins/reset-this-basin")).assertError(404, "basin_not_found");
    assertThat(streamConfig("keep-this-basin", "s").has("retention_policy")).isTrue();
    // The name is free again at once: no deletion-pending phase.
    createBasin("reset-this-basin");
    send(Req.post("/_emulator/reset?basin=no-such-basin")).assertError(404, "basin_not_found");
  }

  @Test
  void adminRoutesAreNotPartOfTheS2Api() {
    assertThat(send(Req.get("/v1/_emulator/reset")).status()).isEqualTo(404);
    assertThat(send(Req.get("/_emulator/reset")).status()).isEqualTo(405);
  }

  // --- seed ---

  @Test
  void seedAppliesAnInitFileAtRunTime() {
    createBasin("seeded-basin-1");

    Res seed = send(Req.post("/_emulator/seed").json("{'basins': [{'name': 'seeded-basin-1',"
        + " 'config': {'create_stream_on_append': true}, 'streams': [{'name': 'events', 'config': {'retention_policy': '1d'}}]}]}"));

    assertThat(seed.status()).isEqualTo(204);
    assertThat(basinConfig("seeded-basin-1").get("create_stream_on_append").asBoolean()).isTrue();
    assertThat(streamConfig("seeded-basin-1", "events").get("retention_policy")).isEqualTo(json("{'age': 86400}"));
  }

  @Test
  void anInvalidSeedIsA400NamingTheProblemAndChangesNothing() {
    String message = send(Req.post("/_emulator/seed").json("{'basins': [{'name': 'seeded-basin-2', 'confg': {}}]}"))
        .assertError(400, "bad_request");

    assertThat(message).contains("confg");
    send(Req.get("/v1/basins/seeded-basin-2")).assertError(404, "basin_not_found");
  }

  // --- snapshots ---

  @Test
  void aNamedSnapshotRestoresBasinsStreamsConfigsAndRecords() {
    createBasin("snap-basin-1", "{'create_stream_on_append': true}");
    createStream("snap-basin-1", "orders/eu", "{'retention_policy': {'infinite': {}}}");
    append("snap-basin-1", "orders/eu", "{'records': [{'body': 'one'}, {'body': 'two', 'headers': [['k', 'v']]}]}");
    JsonNode saved = send(Req.post("/_emulator/snapshots").json("{'name': 'seeded'}")).assertJson(201);
    assertThat(saved.get("records").asLong()).isEqualTo(2);

    append("snap-basin-1", "orders/eu", "{'records': [{'body': 'three'}]}");
    createBasin("snap-basin-2");
    assertThat(send(Req.post("/_emulator/snapshots/seeded/restore")).status()).isEqualTo(204);

    send(Req.get("/v1/basins/snap-basin-2")).assertError(404, "basin_not_found");
    assertThat(bodies(read("snap-basin-1", "orders/eu"))).containsExactly("one", "two");
    assertThat(read("snap-basin-1", "orders/eu").get("records").get(1).get("headers")).isEqualTo(json("[['k', 'v']]"));
    assertThat(streamConfig("snap-basin-1", "orders%2Feu").get("retention_policy")).isEqualTo(json("{'infinite': {}}"));
    // The restored stream goes on from its tail.
    assertThat(append("snap-basin-1", "orders/eu", "{'records': [{'body': 'next'}]}").get("start").get("seq_num").asLong())
        .isEqualTo(2);
  }

  @Test
  void aDownloadedSnapshotFileRestoresLaterAndNamedSnapshotsAreListedAndDeleted() {
    createBasin("file-basin-1");
    createStream("file-basin-1", "s");
    append("file-basin-1", "s", "{'records': [{'body': 'kept'}]}");
    Res download = send(Req.get("/_emulator/snapshot"));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("content-type")).isEqualTo("application/x-ndjson");
    assertThat(download.text()).startsWith("{\"s2lite_snapshot\":{\"version\":1,");

    send(Req.post("/_emulator/reset"));
    assertThat(send(Req.post("/_emulator/restore").body(download.body())).status()).isEqualTo(204);
    assertThat(bodies(read("file-basin-1", "s"))).containsExactly("kept");

    assertThat(send(Req.put("/_emulator/snapshots/uploaded").body(download.body())).assertJson(201).get("streams").asLong())
        .isEqualTo(1);
    assertThat(send(Req.get("/_emulator/snapshots")).assertJson(200).get("snapshots"))
        .extracting(s -> s.get("name").asText()).containsExactly("uploaded");
    assertThat(send(Req.get("/_emulator/snapshots/uploaded")).body()).isEqualTo(download.body());
    assertThat(send(Req.delete("/_emulator/snapshots/uploaded")).status()).isEqualTo(204);
    send(Req.post("/_emulator/snapshots/uploaded/restore")).assertError(404, "snapshot_not_found");
  }

  @Test
  void aSnapshotFileLargerThanAnS2RequestBodyUploadsAndRestores() {
    createBasin("large-basin-1");
    createStream("large-basin-1", "s");
    String body = "x".repeat(100_000);
    String batch = "{'records': [" + String.join(",", java.util.Collections.nCopies(8, "{'body': '" + body + "'}")) + "]}";
    for (int i = 0; i < 4; i++) {
      append("large-basin-1", "s", batch);
    }
    Res download = send(Req.get("/_emulator/snapshot"));
    assertThat(download.body().length).as("larger than the 2 MiB of an S2 request body").isGreaterThan(2 << 20);

    assertThat(send(Req.put("/_emulator/snapshots/large").body(download.body())).assertJson(201).get("bytes").asLong())
        .isEqualTo(download.body().length);
    send(Req.post("/_emulator/reset"));
    assertThat(send(Req.post("/_emulator/restore").body(download.body())).status()).isEqualTo(204);
    assertThat(send(Req.get("/v1/streams/s/records/tail").basin("large-basin-1")).assertJson(200)
        .at("/tail/seq_num").asLong()).isEqualTo(32);
    assertThat(bodies(read("large-basin-1", "s"))).isNotEmpty().allMatch(body::equals);
  }

  @Test
  void aBrokenSnapshotFileIsRefusedAndChangesNothing() {
    createBasin("intact-basin-1");
    String whole = send(Req.get("/_emulator/snapshot")).text();
    String cut = whole.substring(0, whole.lastIndexOf("{\"end\""));

    String message = send(Req.post("/_emulator/restore").body(cut)).assertError(400, "bad_request");

    assertThat(message).contains("cut short");
    assertThat(basinConfig("intact-basin-1").has("create_stream_on_append")).isTrue();
    assertThat(send(Req.post("/_emulator/restore").body("{\"basins\": []}")).assertError(400, "bad_request"))
        .contains("not an s2lite snapshot");
  }

  // --- clock ---

  @Test
  void aFrozenClockStandsStillAndAdvancesExactlyAsTold() {
    JsonNode frozen = send(Req.post("/_emulator/clock/freeze")).assertJson(200);
    assertThat(frozen.get("frozen").asBoolean()).isTrue();
    assertThat(send(Req.get("/_emulator/clock")).assertJson(200).get("now")).isEqualTo(frozen.get("now"));

    JsonNode advanced = send(Req.post("/_emulator/clock/advance").json("{'by': '1h30m'}")).assertJson(200);

    assertThat(advanced.get("now_millis").asLong() - frozen.get("now_millis").asLong()).isEqualTo(5_400_000);
    JsonNode set = send(Req.post("/_emulator/clock/set").json("{'to': '2030-01-01T00:00:00Z'}")).assertJson(200);
    assertThat(set.get("now").asText()).isEqualTo("2030-01-01T00:00:00Z");
    JsonNode resumed = send(Req.post("/_emulator/clock/resume")).assertJson(200);
    assertThat(resumed.get("frozen").asBoolean()).isFalse();
    assertThat(Instant.parse(resumed.get("now").asText())).isAfterOrEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(send(Req.post("/_emulator/clock/advance").json("{'by': 'soon'}")).assertError(400, "bad_request"))
        .contains("invalid duration");
  }

  @Test
  void arrivalTimestampsComeFromTheClock() {
    send(Req.post("/_emulator/clock/freeze").json("{'at': '2031-05-06T07:08:09Z'}")).assertJson(200);
    createBasin("clock-basin-1");
    createStream("clock-basin-1", "s", "{'timestamping': {'mode': 'arrival'}}");

    JsonNode ack = append("clock-basin-1", "s", "{'records': [{'body': 'x'}]}");

    assertThat(ack.get("end").get("timestamp").asLong()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z").toEpochMilli());
  }

  @Test
  void advancingPastRetentionMakesRecordsGoneAndHousekeepingDeletesThem() {
    send(Req.post("/_emulator/clock/freeze"));
    createBasin("retention-basin-1");
    createStream("retention-basin-1", "s", "{'retention_policy': {'age': 86400}}");
    append("retention-basin-1", "s", "{'records': [{'body': 'old'}]}");
    send(Req.post("/_emulator/clock/advance").json("{'by': '23h'}"));
    append("retention-basin-1", "s", "{'records': [{'body': 'young'}]}");

    send(Req.post("/_emulator/clock/advance").json("{'by': '2h'}")).assertJson(200);

    assertThat(bodies(read("retention-basin-1", "s"))).containsExactly("young");
    // The housekeeping pass the advance ran deleted it from the store, not just from reads.
    JsonNode state = stream(send(Req.get("/_emulator/state")).assertJson(200), "retention-basin-1", "s");
    assertThat(state.get("live_records").asLong()).isEqualTo(1);
    assertThat(state.get("tail").get("seq_num").asLong()).isEqualTo(2);
  }

  // --- faults ---

  @Test
  void anErrorRuleFailsMatchingRequestsItsNumberOfTimesThenGoesAway() {
    createBasin("fault-basin-1", "{'create_stream_on_append': true}");
    JsonNode rule = send(Req.post("/_emulator/faults").json("{'operation': 'append', 'basin': 'fault-basin-1',"
        + " 'stream_prefix': 'orders/', 'action': {'error': {'status': 503}}, 'times': 2}")).assertJson(201);
    assertThat(rule.get("id").asText()).isNotBlank();
    assertThat(rule.get("action")).isEqualTo(json("{'error': {'status': 503, 'code': 'unavailable', 'message': 'injected fault'}}"));

    append("fault-basin-1", "other", "{'records': [{'body': 'not matched'}]}");
    send(appendReq("fault-basin-1", "orders/eu", "first")).assertError(503, "unavailable");
    JsonNode listed = send(Req.get("/_emulator/faults")).assertJson(200).get("rules").get(0);
    assertThat(listed.get("fired").asLong()).isEqualTo(1);
    assertThat(listed.get("remaining").asLong()).isEqualTo(1);
    send(appendReq("fault-basin-1", "orders/eu", "second")).assertError(503, "unavailable");
    send(appendReq("fault-basin-1", "orders/eu", "third")).assertJson(200);

    assertThat(bodies(read("fault-basin-1", "orders/eu"))).containsExactly("third");
    assertThat(send(Req.get("/_emulator/faults")).assertJson(200).get("rules")).isEmpty();
  }

  @Test
  void rulesAreRemovedOneByOneOrAllAtOnceAndExpireOnTheClock() {
    send(Req.post("/_emulator/clock/freeze"));
    String first = send(Req.post("/_emulator/faults").json("{'operation': 'read', 'action': {'latency': '1ms'}}"))
        .assertJson(201).get("id").asText();
    send(Req.post("/_emulator/faults").json("{'operations': ['check_tail'], 'action': {'close_connection': {}}}")).assertJson(201);
    send(Req.post("/_emulator/faults").json("{'action': {'error': {'status': 500}}, 'expires_after': '1m'}")).assertJson(201);

    assertThat(send(Req.delete("/_emulator/faults/" + first)).status()).isEqualTo(204);
    send(Req.delete("/_emulator/faults/" + first)).assertError(404, "fault_rule_not_found");
    assertThat(send(Req.get("/_emulator/faults")).assertJson(200).get("rules")).hasSize(2);
    send(Req.post("/_emulator/clock/advance").json("{'by': '61s'}"));
    assertThat(send(Req.get("/_emulator/faults")).assertJson(200).get("rules")).hasSize(1);
    assertThat(send(Req.delete("/_emulator/faults")).status()).isEqualTo(204);
    assertThat(send(Req.get("/_emulator/faults")).assertJson(200).get("rules")).isEmpty();
  }

  @Test
  void badRulesAreRefusedWithTheReason() {
    assertThat(send(Req.post("/_emulator/faults").json("{'operation': 'appendd', 'action': {'close_connection': {}}}"))
        .assertError(400, "bad_request")).contains("unknown operation");
    assertThat(send(Req.post("/_emulator/faults").json("{'operation': 'append', 'action': {'drop_session': {}}}"))
        .assertError(400, "bad_request")).contains("session");
    assertThat(send(Req.post("/_emulator/faults").json("{'action': {'error': {'status': 418}}}"))
        .assertError(400, "bad_request")).contains("no default S2 error code");
    assertThat(send(Req.post("/_emulator/faults").json("{'action': {'latency': '1s'}, 'probability': 2}"))
        .assertError(400, "bad_request")).contains("probability");
  }

  @Test
  void aSeededProbabilityFiresTheSameWayEveryRun() {
    createBasin("chance-basin-1", "{'create_stream_on_append': true}");
    List<Integer> runs = new ArrayList<>();
    List<List<Integer>> patterns = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      send(Req.delete("/_emulator/faults"));
      send(Req.post("/_emulator/faults").json("{'operation': 'check_tail', 'basin': 'chance-basin-1',"
          + " 'action': {'error': {'status': 429}}, 'probability': 0.5, 'seed': 42}")).assertJson(201);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        statuses.add(send(Req.get("/v1/streams/s/records/tail").basin("chance-basin-1")).status());
      }
      patterns.add(statuses);
      runs.add((int) statuses.stream().filter(s -> s == 429).count());
    }

    assertThat(patterns.get(0)).isEqualTo(patterns.get(1));
    assertThat(runs.get(0)).isBetween(1, 19);
  }

  @Test
  void aCloseConnectionRuleLeavesTheClientWithoutAnAnswer() {
    createBasin("close-basin-1", "{'create_stream_on_append': true}");
    send(Req.post("/_emulator/faults").json("{'operation': 'append', 'basin': 'close-basin-1',"
        + " 'action': {'close_connection': {}}, 'times': 1}")).assertJson(201);

    Throwable failure = catchThrowable(() -> send(appendReq("close-basin-1", "s", "lost")));

    assertThat(failure).as("the append's response").isNotNull();
    JsonNode entry = last(journal("?operation=append&basin=close-basin-1"));
    assertThat(entry.get("status").asInt()).isZero();
    assertThat(entry.get("fault_rule").asText()).isNotBlank();
    send(appendReq("close-basin-1", "s", "kept")).assertJson(200);
    assertThat(bodies(read("close-basin-1", "s"))).containsExactly("kept");
  }

  @Test
  void aLatencyRuleHoldsTheRequestThenServesIt() {
    createBasin("slow-basin-1");
    send(Req.post("/_emulator/faults").json("{'operation': 'get_basin_config', 'basin': 'slow-basin-1',"
        + " 'action': {'latency': '300ms'}, 'times': 1}")).assertJson(201);

    basinConfig("slow-basin-1");

    JsonNode entry = last(journal("?operation=get_basin_config"));
    assertThat(entry.get("status").asInt()).isEqualTo(200);
    // A lower bound the server's own sleep guarantees, not a timing measurement.
    assertThat(entry.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void aDropSessionRuleCutsAReadSessionShortOfItsEnd() {
    createBasin("drop-basin-1");
    createStream("drop-basin-1", "s");
    append("drop-basin-1", "s", "{'records': [{'body': 'a'}, {'body': 'b'}]}");
    Req sse = Req.get("/v1/streams/s/records?seq_num=0&count=2").basin("drop-basin-1").header("accept", "text/event-stream");
    assertThat(send(sse).text()).as("without a rule").contains("event: batch").contains("[DONE]");

    send(Req.post("/_emulator/faults").json("{'operation': 'read_session', 'basin': 'drop-basin-1',"
        + " 'action': {'drop_session': {'after_messages': 1}}, 'times': 1}")).assertJson(201);
    Res[] dropped = new Res[1];
    Throwable failure = catchThrowable(() -> dropped[0] = send(sse));

    if (failure == null) {
      assertThat(dropped[0].text()).contains("event: batch").doesNotContain("[DONE]");
    }
    JsonNode entry = last(journal("?operation=read_session&basin=drop-basin-1"));
    assertThat(entry.get("fault_rule").asText()).isNotBlank();
    assertThat(send(sse).text()).as("the rule was used up").contains("[DONE]");
  }

  @Test
  void adminAndDashboardRequestsAreNeverFaulted() {
    send(Req.post("/_emulator/faults").json("{'action': {'error': {'status': 503}}}")).assertJson(201);

    assertThat(send(Req.get("/_emulator/clock")).status()).isEqualTo(200);
    assertThat(send(Req.get("/dashboard")).status()).isEqualTo(200);
    send(Req.get("/v1/basins")).assertError(503, "unavailable");
  }

  // --- journal ---

  @Test
  void theJournalRecordsWhatWasSentWithSecretsRedacted() {
    createBasin("journal-basin-1");
    createStream("journal-basin-1", "orders/eu");
    send(appendReq("journal-basin-1", "orders/eu", "hello")
        .header("authorization", "Bearer top-secret").header("s2-encryption-key", "c2VjcmV0"));
    send(Req.get("/_emulator/clock"));

    JsonNode requests = journal("").get("requests");

    assertThat(requests).extracting(e -> e.get("operation").asText())
        .containsExactly("create_basin", "create_stream", "append");
    JsonNode append = requests.get(2);
    assertThat(append.get("method").asText()).isEqualTo("POST");
    assertThat(append.get("path").asText()).isEqualTo("/v1/streams/orders%2Feu/records");
    assertThat(append.get("basin").asText()).isEqualTo("journal-basin-1");
    assertThat(append.get("stream").asText()).isEqualTo("orders/eu");
    assertThat(append.get("status").asInt()).isEqualTo(200);
    assertThat(append.get("completed").asBoolean()).isTrue();
    assertThat(append.get("body").get("text").asText()).isEqualTo("{\"records\": [{\"body\": \"hello\"}]}");
    assertThat(header(append, "authorization")).isEqualTo("Bearer <redacted>");
    assertThat(header(append, "s2-encryption-key")).isEqualTo("<redacted>");
    assertThat(append.toString()).doesNotContain("top-secret").doesNotContain("c2VjcmV0");
  }

  @Test
  void theJournalFiltersLimitsAndClears() {
    createBasin("journal-basin-2", "{'create_stream_on_append': true}");
    for (int i = 0; i < 3; i++) {
      send(appendReq("journal-basin-2", i == 0 ? "a" : "b", "r" + i));
    }
    send(Req.get("/v1/basins/no-such-basin"));

    assertThat(journal("?operation=append").get("requests")).hasSize(3);
    assertThat(journal("?operation=append&stream=b").get("requests")).hasSize(2);
    assertThat(journal("?stream_prefix=a").get("requests")).hasSize(1);
    assertThat(journal("?status=404").get("requests")).extracting(e -> e.get("path").asText())
        .containsExactly("/v1/basins/no-such-basin");
    JsonNode lastTwo = journal("?limit=2").get("requests");
    assertThat(lastTwo).extracting(e -> e.get("operation").asText()).containsExactly("append", "get_basin_config");
    long firstId = journal("").get("requests").get(0).get("id").asLong();
    assertThat(journal("?after_id=" + firstId).get("requests")).hasSize(4);

    assertThat(send(Req.delete("/_emulator/journal")).status()).isEqualTo(204);
    assertThat(journal("").get("requests")).isEmpty();
  }

  // --- what the dashboard reads ---

  @Test
  void theStateAndRecordsViewsShowStreamsTailsAndRecordBytes() {
    createBasin("view-basin-1");
    createStream("view-basin-1", "s");
    append("view-basin-1", "s", "{'records': [{'body': 'one', 'headers': [['h', 'v']]}, {'body': 'two'}]}");

    JsonNode stream = stream(send(Req.get("/_emulator/state")).assertJson(200), "view-basin-1", "s");
    JsonNode page = send(Req.get("/_emulator/records?basin=view-basin-1&stream=s&seq_num=1&count=5")).assertJson(200);

    assertThat(stream.get("tail").get("seq_num").asLong()).isEqualTo(2);
    assertThat(stream.get("config").get("storage_class").asText()).isEqualTo("express");
    assertThat(page.get("records")).hasSize(1);
    assertThat(decode(page.get("records").get(0).get("body").asText())).isEqualTo("two");
    JsonNode first = send(Req.get("/_emulator/records?basin=view-basin-1&stream=s")).assertJson(200).get("records").get(0);
    assertThat(decode(first.get("headers").get(0).get(0).asText())).isEqualTo("h");
    send(Req.get("/_emulator/records?basin=view-basin-1&stream=nope")).assertError(404, "stream_not_found");
  }

  // --- the dashboard's routes, as s2-lite 0.43 serves its own ---

  @Test
  void theDashboardServesItsShellAssetsAndConfigAsLiteDoes() {
    for (String path : List.of("/dashboard", "/dashboard/", "/dashboard/basins/b/streams/a%2Fb", "/dashboard/foo.js")) {
      Res page = send(Req.get(path));
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-type")).as(path).startsWith("text/html");
      assertThat(page.header("cache-control")).isEqualTo("no-cache");
      assertThat(page.text()).contains("/dashboard/assets/app.js");
    }
    Res script = send(Req.get("/dashboard/assets/app.js"));
    assertThat(script.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(script.header("cache-control")).isEqualTo("public, max-age=3600");
    assertThat(send(Req.get("/dashboard/assets/app.css")).header("content-type")).isEqualTo("text/css; charset=utf-8");
    Res missing = send(Req.get("/dashboard/assets/missing.js"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();
    Res post = send(Req.post("/dashboard").body("x"));
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("allow")).isEqualTo("GET,HEAD");
    assertThat(send(Req.get("/dashboardx")).status()).isEqualTo(404);

    JsonNode config = send(Req.get("/dashboard/config.json")).assertJson(200);
    assertThat(config.fieldNames()).toIterable().containsExactly("version", "started_at", "store", "wal", "path",
        "flush_interval_ms", "tls", "port", "cors", "init_file", "append_inflight_bytes");
    assertThat(config.get("port").asInt()).isEqualTo(server.port());
    assertThat(config.get("store").get("kind").asText()).as("the store this server runs on")
        .isEqualTo(switch (store) {
          case MEMORY -> "memory";
          case H2 -> "local";
          case S3 -> "s3";
        });
    assertThat(config.get("flush_interval_ms").asLong()).as("the flush interval in force")
        .isEqualTo(store == StoreKind.S3 ? StoreKind.S3_FLUSH_INTERVAL.toMillis() : 5);
  }

  // --- helpers ---

  private static Req appendReq(String basin, String stream, String body) {
    return Req.post("/v1/streams/" + stream.replace("/", "%2F") + "/records").basin(basin)
        .header("content-type", "application/json").body("{\"records\": [{\"body\": \"" + body + "\"}]}");
  }

  private JsonNode append(String basin, String stream, String singleQuotedJson) {
    return send(Req.post("/v1/streams/" + stream.replace("/", "%2F") + "/records").basin(basin).json(singleQuotedJson))
        .assertJson(200);
  }

  private JsonNode read(String basin, String stream) {
    return send(Req.get("/v1/streams/" + stream.replace("/", "%2F") + "/records?seq_num=0").basin(basin)).assertJson(200);
  }

  private static List<String> bodies(JsonNode batch) {
    List<String> out = new ArrayList<>();
    batch.get("records").forEach(r -> out.add(r.get("body").asText()));
    return out;
  }

  private JsonNode journal(String query) {
    return send(Req.get("/_emulator/journal" + query)).assertJson(200);
  }

  private static JsonNode last(JsonNode journal) {
    JsonNode requests = journal.get("requests");
    assertThat(requests).as("journal entries").isNotEmpty();
    return requests.get(requests.size() - 1);
  }

  private static String header(JsonNode entry, String name) {
    for (JsonNode h : entry.get("headers")) {
      if (h.get(0).asText().equals(name)) {
        return h.get(1).asText();
      }
    }
    return null;
  }

  private static JsonNode stream(JsonNode state, String basin, String stream) {
    for (JsonNode b : state.get("basins")) {
      if (b.get("name").asText().equals(basin)) {
        for (JsonNode s : b.get("streams")) {
          if (s.get("name").asText().equals(stream)) {
            return s;
          }
        }
      }
    }
    throw new AssertionError(basin + "/" + stream + " not in " + state);
  }

  private static String decode(String base64) {
    return new String(java.util.Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
