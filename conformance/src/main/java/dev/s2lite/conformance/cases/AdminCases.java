package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.Case;
import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Sse;
import dev.s2lite.openapi.client.model.AdminDuration;
import dev.s2lite.openapi.client.model.ClockAdvanceRequest;
import dev.s2lite.openapi.client.model.ClockState;
import dev.s2lite.openapi.client.model.FaultAction;
import dev.s2lite.openapi.client.model.FaultErrorAction;
import dev.s2lite.openapi.client.model.FaultOperation;
import dev.s2lite.openapi.client.model.FaultRule;
import dev.s2lite.openapi.client.model.FaultRuleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The emulator's test-control API under {@code /_emulator} (issue 14; README "Test control: the
 * admin API"): reset, seed, snapshots, the clock, fault rules, the journal and the dashboard's
 * views. Neither s2-lite nor the cloud has any of it. Cases that change the whole server (a reset,
 * a restore, the clock, every rule or the whole journal) run alone, and only on a server of this
 * run ({@link Case.Isolation#OWNS_SERVER}); the others keep to their own basins.
 */
public final class AdminCases {

  private AdminCases() {}

  private static final String PREFIX = "/_emulator";

  private static Res admin(CaseContext c, String method, String path) {
    return c.account(method, PREFIX + path).send();
  }

  private static Res admin(CaseContext c, String method, String path, String singleQuotedJson) {
    return c.account(method, PREFIX + path).json(singleQuotedJson).send();
  }

  /** A basin with a stream {@code s} holding {@code one} and {@code two} (with header {@code h: v}). */
  private static String basinWithRecords(CaseContext c) {
    String basin = c.newBasin();
    c.in(basin, "POST", "/v1/streams").json("{'stream': 's'}").send().status(201);
    c.append(basin, "s", "[{'body': 'one', 'headers': [['h', 'v']]}, {'body': 'two'}]");
    return basin;
  }

  private static List<String> bodies(Res batch) {
    List<String> out = new ArrayList<>();
    batch.records().forEach(r -> out.add(r.path("body").asText()));
    return out;
  }

  private static List<String> ids(Res rules) {
    List<String> out = new ArrayList<>();
    rules.at("/rules").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private static JsonNode journal(CaseContext c, String query) {
    return admin(c, "GET", "/journal" + query).status(200).at("/requests");
  }

  private static JsonNode last(JsonNode entries) {
    check(entries.size() > 0, "journal entries, got none");
    return entries.get(entries.size() - 1);
  }

  private static String header(JsonNode entry, String name) {
    for (JsonNode h : entry.path("headers")) {
      if (h.get(0).asText().equalsIgnoreCase(name)) {
        return h.get(1).asText();
      }
    }
    return null;
  }

  /** The stream's entry in {@code GET /_emulator/state}. */
  private static JsonNode streamState(CaseContext c, String basin, String stream) {
    for (JsonNode b : admin(c, "GET", "/state").status(200).at("/basins")) {
      if (b.path("name").asText().equals(basin)) {
        for (JsonNode st : b.path("streams")) {
          if (st.path("name").asText().equals(stream)) {
            return st;
          }
        }
      }
    }
    throw new CaseFailure(basin + "/" + stream + " is not in GET /_emulator/state");
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** Runs a case with the clock frozen; then the clock runs again, back where it would be untouched. */
  private static void frozen(CaseContext c, Case.Body body) throws Exception {
    movingTheClock(c, () -> {
      admin(c, "POST", "/clock/freeze").status(200);
      body.run(c);
    });
  }

  /**
   * Runs a case that moves the server's clock, then lets it run again from where it would stand
   * had nobody moved it, so that later requests (and later runs on a kept server) see the time the
   * server had.
   */
  static void movingTheClock(CaseContext c, ThrowingRunnable body) throws Exception {
    Instant before = Instant.parse(admin(c, "GET", "/clock").status(200).textAt("/now"));
    long started = System.nanoTime();
    try {
      body.run();
    } finally {
      admin(c, "POST", "/clock/resume").status(200);
      admin(c, "POST", "/clock/set", "{'to': '" + before.plusNanos(System.nanoTime() - started) + "'}").status(200);
    }
  }

  /** A piece of a case. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  public static void register(Suite s) {
    reset(s);
    seed(s);
    snapshots(s);
    clock(s);
    faults(s);
    journal(s);
    views(s);
  }

  private static void add(Suite s, String name, String title, Case.Body body) {
    s.add("admin", name, title, Suite.EMULATOR_ONLY, body);
  }

  private static void addOwning(Suite s, String name, String title, Case.Body body) {
    s.add("admin", name, title, Suite.EMULATOR_ONLY, Case.Isolation.OWNS_SERVER, body);
  }

  private static void reset(Suite s) {
    addOwning(s, "reset-forgets-everything", "POST /_emulator/reset forgets every basin, stream and issued access token", c -> {
      String basin = basinWithRecords(c);
      String token = c.tokenId();
      AccessTokenCases.issue(c, token, "{'ops': ['list-basins'], 'basins': {'prefix': ''}}");
      admin(c, "POST", "/reset").status(204).emptyBody();
      c.account("GET", "/v1/basins/" + basin).send().error(404, "basin_not_found");
      String runPrefix = basin.substring(0, basin.lastIndexOf('-') + 1);
      equal(c.account("GET", "/v1/basins?prefix=" + runPrefix).send().status(200).at("/basins").size(), 0,
          "basins of this run");
      equal(AccessTokenCases.ids(c.account("GET", "/v1/access-tokens?prefix=" + token).send().status(200)),
          List.of(), "issued tokens");
    });

    add(s, "reset-one-basin", "POST /_emulator/reset?basin= forgets that basin at once and leaves the others", c -> {
      String gone = basinWithRecords(c);
      String kept = basinWithRecords(c);
      admin(c, "POST", "/reset?basin=" + gone).status(204).emptyBody();
      c.account("GET", "/v1/basins/" + gone).send().error(404, "basin_not_found");
      equal(bodies(c.read(kept, "s", "?seq_num=0").status(200)), List.of("one", "two"), "records of the other basin");
      // No deletion-pending phase: the name is free again.
      c.account("POST", "/v1/basins").json("{'basin': '" + gone + "'}").send().status(201);
    });

    add(s, "reset-unknown-basin-is-404", "POST /_emulator/reset?basin= of no basin is 404 basin_not_found", c ->
        admin(c, "POST", "/reset?basin=" + c.basinName()).error(404, "basin_not_found"));

    add(s, "not-an-s2-route", "the admin routes are not under /v1, and answer their own methods only", c -> {
      c.account("GET", "/v1/_emulator/reset").send().status(404).emptyBody();
      admin(c, "GET", "/reset").status(405).emptyBody();
    });
  }

  private static void seed(Suite s) {
    add(s, "seed-applies-an-init-file", "POST /_emulator/seed creates basins and streams from init-file JSON", c -> {
      String basin = c.basinName();
      c.created(basin);
      admin(c, "POST", "/seed", "{'basins': [{'name': '" + basin + "', 'config': {'create_stream_on_append': true},"
          + " 'streams': [{'name': 'events', 'config': {'retention_policy': '1d'}}]}]}").status(204).emptyBody();
      c.account("GET", "/v1/basins/" + basin).send().status(200).json("/create_stream_on_append", "true");
      c.stream(basin, "events", "GET", "").send().status(200).json("/retention_policy", "{'age': 86400}");
    });

    add(s, "seed-reconfigures-existing", "seeding an existing stream reconfigures it", c -> {
      String basin = basinWithRecords(c);
      admin(c, "POST", "/seed", "{'basins': [{'name': '" + basin + "', 'streams': [{'name': 's',"
          + " 'config': {'retention_policy': 'infinite'}}]}]}").status(204);
      c.stream(basin, "s", "GET", "").send().status(200).json("/retention_policy", "{'infinite': {}}");
      equal(bodies(c.read(basin, "s", "?seq_num=0").status(200)), List.of("one", "two"), "records kept");
    });

    add(s, "seed-invalid-is-400", "an init file with an unknown field is 400 bad_request naming it, and creates nothing", c -> {
      String basin = c.basinName();
      c.created(basin);
      admin(c, "POST", "/seed", "{'basins': [{'name': '" + basin + "', 'confg': {}}]}").error(400, "bad_request")
          .messageContains("confg");
      c.account("GET", "/v1/basins/" + basin).send().error(404, "basin_not_found");
    });
  }

  private static void snapshots(Suite s) {
    addOwning(s, "snapshot-named-restore", "a named snapshot restores basins, streams, configs and records, and forgets what came after", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      c.in(basin, "POST", "/v1/streams").json("{'stream': 'orders/eu', 'config': {'retention_policy': {'infinite': {}}}}")
          .send().status(201);
      c.append(basin, "orders/eu", "[{'body': 'one'}, {'body': 'two', 'headers': [['k', 'v']]}]");
      String name = c.snapshotName();
      Res saved = admin(c, "POST", "/snapshots", "{'name': '" + name + "'}").status(201);
      equal(saved.textAt("/name"), name, "name");
      check(saved.longAt("/records") >= 2 && saved.longAt("/basins") >= 1, "the snapshot counts what it holds: " + saved.text());

      c.append(basin, "orders/eu", "[{'body': 'three'}]");
      String later = c.newBasin();
      admin(c, "POST", "/snapshots/" + name + "/restore").status(204).emptyBody();

      c.account("GET", "/v1/basins/" + later).send().error(404, "basin_not_found");
      Res read = c.read(basin, "orders/eu", "?seq_num=0").status(200).bodies("one", "two");
      equal(read.at("/records/1/headers"), dev.s2lite.conformance.Json.parse("[['k', 'v']]"), "headers");
      c.stream(basin, "orders/eu", "GET", "").send().status(200).json("/retention_policy", "{'infinite': {}}");
      equal(c.append(basin, "orders/eu", "[{'body': 'next'}]").longAt("/start/seq_num"), 2L, "the next seq_num");
      admin(c, "DELETE", "/snapshots/" + name).status(204);
    });

    addOwning(s, "snapshot-file-restore", "GET /_emulator/snapshot is a file that POST /_emulator/restore brings back after a reset", c -> {
      String basin = basinWithRecords(c);
      Res file = admin(c, "GET", "/snapshot").status(200).header("content-type", "application/x-ndjson");
      check(file.text().startsWith("{\"s2lite_snapshot\":{\"version\":1,"), "a versioned snapshot file");
      admin(c, "POST", "/reset").status(204);
      c.account("POST", PREFIX + "/restore").header("content-type", "application/x-ndjson")
          .body(file.body()).send().status(204);
      equal(bodies(c.read(basin, "s", "?seq_num=0").status(200)), List.of("one", "two"), "records");
    });

    addOwning(s, "snapshot-broken-file-is-400", "a snapshot file cut short, or not a snapshot, is 400 bad_request and changes nothing", c -> {
      String basin = basinWithRecords(c);
      String whole = admin(c, "GET", "/snapshot").status(200).text();
      String cut = whole.substring(0, whole.lastIndexOf("{\"end\""));
      c.account("POST", PREFIX + "/restore").body(cut).send().error(400, "bad_request").messageContains("cut short");
      c.account("POST", PREFIX + "/restore").body("{\"basins\": []}").send().error(400, "bad_request");
      equal(bodies(c.read(basin, "s", "?seq_num=0").status(200)), List.of("one", "two"), "records");
    });

    add(s, "snapshot-put-list-get-delete", "a snapshot file kept by name is listed, downloaded as it was, and forgotten", c -> {
      basinWithRecords(c);
      Res file = admin(c, "GET", "/snapshot").status(200);
      String name = c.snapshotName();
      Res kept = c.account("PUT", PREFIX + "/snapshots/" + name).header("content-type", "application/x-ndjson")
          .body(file.body()).send().status(201);
      equal(kept.textAt("/name"), name, "name");
      equal(kept.longAt("/bytes"), (long) file.body().length, "bytes");
      List<String> listed = new ArrayList<>();
      admin(c, "GET", "/snapshots").status(200).at("/snapshots").forEach(x -> listed.add(x.path("name").asText()));
      check(listed.contains(name), name + " is listed: " + listed);
      check(java.util.Arrays.equals(admin(c, "GET", "/snapshots/" + name).status(200).body(), file.body()),
          "the download is the file that was kept");
      admin(c, "DELETE", "/snapshots/" + name).status(204);
      admin(c, "GET", "/snapshots/" + name).error(404, "snapshot_not_found");
      admin(c, "POST", "/snapshots/" + name + "/restore").error(404, "snapshot_not_found");
      admin(c, "DELETE", "/snapshots/" + name).error(404, "snapshot_not_found");
    });

    add(s, "snapshot-put-not-a-snapshot-is-400", "PUT /_emulator/snapshots/{name} with a file that is not a snapshot is 400", c ->
        c.account("PUT", PREFIX + "/snapshots/" + c.snapshotName()).body("{\"basins\": []}").send().error(400, "bad_request"));

    add(s, "snapshot-bad-name-is-400", "a snapshot name with a space is 400 bad_request", c ->
        admin(c, "POST", "/snapshots", "{'name': 'not a name'}").error(400, "bad_request"));
  }

  private static void clock(Suite s) {
    addOwning(s, "clock-freeze-advance-resume", "a frozen clock stands still, advances exactly as told, and runs again when resumed", c ->
        movingTheClock(c, () -> {
          Res frozen = admin(c, "POST", "/clock/freeze").status(200).json("/frozen", "true");
          long at = frozen.longAt("/now_millis");
          admin(c, "GET", "/clock").status(200).json("/now_millis", Long.toString(at));
          ClockState advanced = c.emulatorApi().emulatorAdvanceClock(new ClockAdvanceRequest().by(new AdminDuration("1h30m")));
          equal(advanced.getNowMillis() - at, 5_400_000L, "ms advanced by 1h30m");
          equal(admin(c, "POST", "/clock/advance", "{'by': 90000}").status(200).longAt("/now_millis") - at,
              5_490_000L, "ms advanced by 90000 more");
          equal(admin(c, "POST", "/clock/advance", "{'by': 'PT1M'}").status(200).longAt("/now_millis") - at,
              5_550_000L, "ms advanced by PT1M more");
          Res resumed = admin(c, "POST", "/clock/resume").status(200).json("/frozen", "false");
          check(resumed.longAt("/now_millis") >= at + 5_550_000L, "time runs on from where it stood: " + resumed.text());
        }));

    addOwning(s, "clock-set", "POST /_emulator/clock/set puts a frozen clock at an RFC 3339 time or Unix milliseconds", c ->
        frozen(c, x -> {
          Instant later = Instant.parse(admin(c, "GET", "/clock").status(200).textAt("/now")).plusSeconds(86_400)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
          Res set = admin(c, "POST", "/clock/set", "{'to': '" + later + "'}").status(200);
          equal(Instant.parse(set.textAt("/now")), later, "now");
          equal(admin(c, "POST", "/clock/set", "{'to': " + (later.toEpochMilli() + 1000) + "}").status(200)
              .longAt("/now_millis"), later.toEpochMilli() + 1000, "now_millis");
        }));

    addOwning(s, "clock-arrival-timestamps", "arrival timestamps are the frozen clock's time", c ->
        frozen(c, x -> {
          String basin = c.newBasin();
          String stream = c.newStream(basin, "{'timestamping': {'mode': 'arrival'}}");
          long now = admin(c, "GET", "/clock").status(200).longAt("/now_millis");
          equal(c.append(basin, stream, "[{'body': 'x'}]").longAt("/end/timestamp"), now, "the record's timestamp");
        }));

    addOwning(s, "clock-advance-past-retention", "advancing the clock past a 1-day retention makes the old records gone, from reads and from the store", c ->
        frozen(c, x -> {
          String basin = c.newBasin();
          String stream = c.newStream(basin, "{'retention_policy': {'age': 86400}}");
          c.appendBodies(basin, stream, "old");
          admin(c, "POST", "/clock/advance", "{'by': '23h'}").status(200);
          c.appendBodies(basin, stream, "young");
          admin(c, "POST", "/clock/advance", "{'by': '2h'}").status(200);
          c.read(basin, stream, "?seq_num=0").status(200).bodies("young");
          JsonNode state = streamState(c, basin, stream);
          equal(state.path("live_records").asLong(), 1L, "live records in the store");
          equal(state.at("/tail/seq_num").asLong(), 2L, "tail");
        }));

    addOwning(s, "clock-advance-deletes-empty-streams", "advancing the clock well past delete_on_empty.min_age_secs deletes a stream never written", c ->
        frozen(c, x -> {
          String basin = c.newBasin();
          String stream = c.newStream(basin, "{'retention_policy': {'infinite': {}}, 'delete_on_empty': {'min_age_secs': 3600}}");
          admin(c, "POST", "/clock/advance", "{'by': '2h'}").status(200);
          c.stream(basin, stream, "GET", "").send().error(404, "stream_not_found");
        }));

    add(s, "clock-bad-requests-are-400", "a clock move that makes no sense is 400 bad_request", c -> {
      admin(c, "POST", "/clock/advance", "{'by': 'soon'}").error(400, "bad_request").messageContains("invalid duration");
      admin(c, "POST", "/clock/advance", "{'by': '1s', 'extra': 1}").error(400, "bad_request");
      c.account("POST", PREFIX + "/clock/advance").send().error(400, "bad_request");
      admin(c, "POST", "/clock/set", "{'to': 'tomorrow'}").error(400, "bad_request");
      admin(c, "POST", "/clock/advance", "{'by").error(400, "bad_json");
    });
  }

  private static void faults(Suite s) {
    add(s, "fault-error-fails-matching-appends", "an error rule answers a matching append 503 unavailable its number of times, stores nothing, then goes", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      Res rule = admin(c, "POST", "/faults", "{'operation': 'append', 'basin': '" + basin + "',"
          + " 'stream_prefix': 'orders/', 'action': {'error': {'status': 503}}, 'times': 1}").status(201);
      String id = rule.textAt("/id");
      rule.json("/action", "{'error': {'status': 503, 'code': 'unavailable', 'message': 'injected fault'}}");
      c.appendBodies(basin, "other", "not matched");
      c.records(basin, "orders/eu", "POST", "").json("{'records': [{'body': 'first'}]}").send().error(503, "unavailable");
      c.appendBodies(basin, "orders/eu", "second");
      c.read(basin, "orders/eu", "?seq_num=0").status(200).bodies("second");
      check(!ids(admin(c, "GET", "/faults").status(200)).contains(id), "a used-up rule is gone");
    });

    add(s, "fault-listed-with-counts", "a rule is listed with what fired and what remains (through the generated client)", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      FaultRule rule = c.emulatorApi().emulatorAddFault(new FaultRuleRequest().operation(FaultOperation.CHECK_TAIL)
          .basin(basin).action(new FaultAction().error(new FaultErrorAction().status(503))).times(2));
      c.tail(basin, "s").error(503, "unavailable");
      FaultRule listed = c.emulatorApi().emulatorListFaults().getRules().stream()
          .filter(r -> r.getId().equals(rule.getId())).findFirst()
          .orElseThrow(() -> new CaseFailure("rule " + rule.getId() + " is not listed"));
      equal(listed.getFired(), 1L, "fired");
      equal(listed.getRemaining(), 1, "remaining");
      equal(listed.getOperations(), List.of(FaultOperation.CHECK_TAIL), "operations");
      c.emulatorApi().emulatorRemoveFault(rule.getId());
    });

    add(s, "fault-drop-session", "a drop_session rule breaks a read session after its messages, before [DONE]; the next session ends normally", c -> {
      String basin = basinWithRecords(c);
      String id = admin(c, "POST", "/faults", "{'operation': 'read_session', 'basin': '" + basin + "',"
          + " 'action': {'drop_session': {'after_messages': 1}}, 'times': 1}").status(201).textAt("/id");
      List<Sse.Event> events = new ArrayList<>();
      try (Sse sse = Sse.open(c, basin, "s", "?seq_num=0&count=2", Map.of()).started()) {
        for (Sse.Event e = sse.next(); e != null; e = sse.next()) {
          events.add(e);
        }
      } catch (CaseFailure broken) {
        // The connection went away mid-stream: what a dropped session looks like to a client.
      }
      check(events.stream().noneMatch(Sse.Event::done), "no [DONE] on a dropped session: " + events);
      check(events.size() <= 1, "at most the one message before the drop: " + events);
      equal(last(journal(c, "?operation=read_session&basin=" + basin)).path("fault_rule").asText(), id, "the rule in the journal");
      try (Sse sse = Sse.open(c, basin, "s", "?seq_num=0&count=2", Map.of()).started()) {
        List<Sse.Event> rest = sse.rest();
        check(!rest.isEmpty() && rest.get(rest.size() - 1).done(), "the next session ends with [DONE]: " + rest);
      }
    });

    add(s, "fault-close-connection", "a close_connection rule leaves the client without an answer and stores nothing; the journal says status 0", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      String id = admin(c, "POST", "/faults", "{'operation': 'append', 'basin': '" + basin + "',"
          + " 'action': {'close_connection': {}}, 'times': 1}").status(201).textAt("/id");
      boolean answered;
      try {
        c.records(basin, "s", "POST", "").json("{'records': [{'body': 'lost'}]}").send();
        answered = true;
      } catch (CaseFailure noAnswer) {
        answered = false;
      }
      check(!answered, "the append got no answer");
      JsonNode entry = last(journal(c, "?operation=append&basin=" + basin));
      equal(entry.path("status").asInt(), 0, "journal status");
      equal(entry.path("fault_rule").asText(), id, "journal fault_rule");
      c.appendBodies(basin, "s", "kept");
      c.read(basin, "s", "?seq_num=0").status(200).bodies("kept");
    });

    add(s, "fault-latency", "a latency rule holds the request, then serves it (the journal's duration is at least the latency)", c -> {
      String basin = c.newBasin();
      admin(c, "POST", "/faults", "{'operation': 'get_basin_config', 'basin': '" + basin + "',"
          + " 'action': {'latency': '300ms'}, 'times': 1}").status(201).json("/action", "{'latency': '300ms'}");
      c.account("GET", "/v1/basins/" + basin).send().status(200);
      JsonNode entry = last(journal(c, "?operation=get_basin_config&basin=" + basin));
      equal(entry.path("status").asInt(), 200, "journal status");
      // A lower bound the server's own wait guarantees, not a timing measurement.
      check(entry.path("duration_ms").asDouble() >= 300, "duration_ms >= 300: " + entry);
    });

    add(s, "fault-seeded-probability", "a rule with a probability and a seed fires the same way every time it is added", c -> {
      String basin = basinWithRecords(c);
      List<List<Integer>> patterns = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        String id = admin(c, "POST", "/faults", "{'operation': 'check_tail', 'basin': '" + basin + "',"
            + " 'action': {'error': {'status': 503}}, 'probability': 0.5, 'seed': 42}").status(201).textAt("/id");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          statuses.add(c.tail(basin, "s").status());
        }
        admin(c, "DELETE", "/faults/" + id).status(204);
        patterns.add(statuses);
      }
      equal(patterns.get(1), patterns.get(0), "the second run's statuses");
      check(patterns.get(0).contains(503) && patterns.get(0).contains(200), "some fired, some not: " + patterns.get(0));
    });

    add(s, "fault-remove-one", "DELETE /_emulator/faults/{id} removes the rule; again is 404 fault_rule_not_found", c -> {
      String basin = c.newBasin();
      String id = admin(c, "POST", "/faults", "{'operation': 'read', 'basin': '" + basin + "', 'action': {'latency': 1}}")
          .status(201).textAt("/id");
      admin(c, "DELETE", "/faults/" + id).status(204).emptyBody();
      admin(c, "DELETE", "/faults/" + id).error(404, "fault_rule_not_found");
      check(!ids(admin(c, "GET", "/faults").status(200)).contains(id), "the rule is gone");
    });

    add(s, "fault-bad-rules-are-400", "a rule that makes no sense is 400 bad_request saying why", c -> {
      String basin = c.newBasin();
      admin(c, "POST", "/faults", "{'operation': 'appendd', 'basin': '" + basin + "', 'action': {'close_connection': {}}}")
          .error(400, "bad_request").messageContains("unknown operation");
      admin(c, "POST", "/faults", "{'operation': 'append', 'basin': '" + basin + "', 'action': {'drop_session': {}}}")
          .error(400, "bad_request").messageContains("session");
      admin(c, "POST", "/faults", "{'basin': '" + basin + "', 'action': {'error': {'status': 418}}}")
          .error(400, "bad_request").messageContains("no default S2 error code");
      admin(c, "POST", "/faults", "{'basin': '" + basin + "', 'action': {'latency': '1s'}, 'probability': 2}")
          .error(400, "bad_request").messageContains("probability");
      admin(c, "POST", "/faults", "{'basin': '" + basin + "'}").error(400, "bad_request").messageContains("action");
      c.account("POST", PREFIX + "/faults").header("content-type", "application/json").body("{").send()
          .error(400, "bad_json");
    });

    addOwning(s, "fault-clear-all", "DELETE /_emulator/faults removes every rule", c -> {
      String basin = c.newBasin();
      admin(c, "POST", "/faults", "{'operation': 'read', 'basin': '" + basin + "', 'action': {'latency': 1}}").status(201);
      admin(c, "POST", "/faults", "{'operation': 'append', 'basin': '" + basin + "', 'action': {'latency': 1}}").status(201);
      admin(c, "DELETE", "/faults").status(204).emptyBody();
      equal(admin(c, "GET", "/faults").status(200).at("/rules").size(), 0, "rules left");
    });

    addOwning(s, "fault-never-on-admin-routes", "a rule matching every request fails S2 requests but never the admin API", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      String id = admin(c, "POST", "/faults", "{'action': {'error': {'status': 503}}}").status(201).textAt("/id");
      try {
        admin(c, "GET", "/clock").status(200);
        c.tail(basin, "s").error(503, "unavailable");
      } finally {
        admin(c, "DELETE", "/faults/" + id).status(204);
      }
    });

    addOwning(s, "fault-expires-on-the-clock", "a rule with expires_after goes once the server's clock passes it", c ->
        frozen(c, x -> {
          String basin = c.newBasin();
          Res rule = admin(c, "POST", "/faults", "{'operation': 'read', 'basin': '" + basin + "',"
              + " 'action': {'latency': 1}, 'expires_after': '1m'}").status(201);
          check(rule.at("/expires_at").isTextual(), "the rule says when it expires: " + rule.text());
          admin(c, "POST", "/clock/advance", "{'by': '61s'}").status(200);
          check(!ids(admin(c, "GET", "/faults").status(200)).contains(rule.textAt("/id")), "the expired rule is gone");
        }));
  }

  private static void journal(Suite s) {
    add(s, "journal-records-what-was-sent", "the journal has each request's operation, path, basin, stream, status and body, secrets redacted", c -> {
      String basin = c.newBasin();
      c.in(basin, "POST", "/v1/streams").json("{'stream': 'orders/eu'}").send().status(201);
      String secret = "top-secret-" + UUID.randomUUID();
      c.as(secret).records(basin, "orders/eu", "POST", "").header("s2-encryption-key", "c2VjcmV0")
          .header("content-type", "application/json").body("{\"records\": [{\"body\": \"hello\"}]}").send().status(200);
      JsonNode entries = journal(c, "?basin=" + basin);
      List<String> operations = new ArrayList<>();
      entries.forEach(e -> operations.add(e.path("operation").asText()));
      equal(operations, List.of("create_stream", "append"), "operations");
      JsonNode append = entries.get(1);
      equal(append.path("method").asText(), "POST", "method");
      equal(append.path("path").asText(), "/v1/streams/orders%2Feu/records", "path");
      equal(append.path("stream").asText(), "orders/eu", "stream");
      equal(append.path("status").asInt(), 200, "status");
      equal(append.path("completed").asBoolean(), true, "completed");
      equal(append.at("/body/text").asText(), "{\"records\": [{\"body\": \"hello\"}]}", "body text");
      equal(header(append, "authorization"), "Bearer <redacted>", "authorization");
      equal(header(append, "s2-encryption-key"), "<redacted>", "s2-encryption-key");
      check(!entries.toString().contains(secret) && !entries.toString().contains("c2VjcmV0"), "no secret in the journal");
    });

    add(s, "journal-filters", "the journal filters by operation, stream, stream prefix, status, after_id and limit", c -> {
      String basin = c.newBasin("{'create_stream_on_append': true}");
      c.appendBodies(basin, "a", "r0");
      c.appendBodies(basin, "b", "r1");
      c.appendBodies(basin, "b", "r2");
      c.stream(basin, "none", "GET", "").send().error(404, "stream_not_found");
      String b = "&basin=" + basin;
      equal(journal(c, "?operation=append" + b).size(), 3, "appends");
      equal(journal(c, "?operation=append&stream=b" + b).size(), 2, "appends to b");
      equal(journal(c, "?stream_prefix=a" + b).size(), 1, "requests about streams a*");
      equal(journal(c, "?status=404" + b).size(), 1, "requests answered 404");
      JsonNode lastTwo = journal(c, "?limit=2" + b);
      equal(lastTwo.size(), 2, "the last two");
      equal(lastTwo.get(1).path("operation").asText(), "get_stream_config", "the last one");
      long first = journal(c, "?" + b.substring(1)).get(0).path("id").asLong();
      equal(journal(c, "?after_id=" + first + b).size(), 3, "requests after the first");
      equal(journal(c, "?method=GET" + b).size(), 1, "GET requests");
    });

    add(s, "journal-shows-open-sessions", "an open read session is in the journal at once, not completed", c -> {
      String basin = basinWithRecords(c);
      try (Sse sse = Sse.open(c, basin, "s", "?seq_num=0", Map.of()).started()) {
        sse.until("batch");
        JsonNode entry = last(journal(c, "?operation=read_session&basin=" + basin));
        equal(entry.path("completed").asBoolean(), false, "completed");
      }
    });

    add(s, "journal-excludes-admin-requests", "admin requests are never in the journal", c -> {
      admin(c, "GET", "/clock").status(200);
      for (JsonNode e : journal(c, "?limit=1000")) {
        check(!e.path("path").asText().startsWith(PREFIX), "no admin request in the journal: " + e);
      }
    });

    add(s, "journal-bad-filter-is-400", "an unknown operation or a limit that is not a number is 400 bad_request", c -> {
      admin(c, "GET", "/journal?operation=teleport").error(400, "bad_request");
      admin(c, "GET", "/journal?limit=many").error(400, "bad_request");
    });

    addOwning(s, "journal-clear", "DELETE /_emulator/journal forgets every entry", c -> {
      c.newBasin();
      admin(c, "DELETE", "/journal").status(204).emptyBody();
      equal(journal(c, "").size(), 0, "entries");
    });
  }

  private static void views(Suite s) {
    add(s, "state-shows-streams-with-tails", "GET /_emulator/state has each stream's config, tail and live records", c -> {
      String basin = basinWithRecords(c);
      JsonNode stream = streamState(c, basin, "s");
      equal(stream.at("/tail/seq_num").asLong(), 2L, "tail");
      equal(stream.path("live_records").asLong(), 2L, "live records");
      equal(stream.at("/config/storage_class").asText(), "express", "storage class");
      equal(stream.path("deleting").asBoolean(), false, "deleting");
    });

    add(s, "records-page-in-base64", "GET /_emulator/records pages a stream's records, headers and bodies in base64", c -> {
      String basin = basinWithRecords(c);
      Res page = admin(c, "GET", "/records?basin=" + basin + "&stream=s&seq_num=1&count=5").status(200);
      equal(page.records().size(), 1, "records from seq_num 1");
      equal(decode(page.textAt("/records/0/body")), "two", "body");
      equal(page.longAt("/tail/seq_num"), 2L, "tail");
      Res first = admin(c, "GET", "/records?basin=" + basin + "&stream=s").status(200);
      equal(decode(first.textAt("/records/0/headers/0/0")), "h", "header name");
      equal(decode(first.textAt("/records/0/headers/0/1")), "v", "header value");
    });

    add(s, "records-errors", "GET /_emulator/records of no stream is 404, without a basin 400", c -> {
      String basin = c.newBasin();
      admin(c, "GET", "/records?basin=" + basin + "&stream=none").error(404, "stream_not_found");
      admin(c, "GET", "/records?basin=" + c.basinName() + "&stream=none").error(404, "basin_not_found");
      admin(c, "GET", "/records?stream=none").error(400, "bad_request");
    });
  }
}
