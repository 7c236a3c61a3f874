package dev.s2lite.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.basin.BasinConfigJson;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.clock.ControlledClock;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.fault.Faults;
import dev.s2lite.emulator.http.Requests;
import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.http.Routes;
import dev.s2lite.emulator.init.InitFileException;
import dev.s2lite.emulator.journal.Journal;
import dev.s2lite.emulator.journal.JournalEntry;
import dev.s2lite.emulator.journal.JournalQuery;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.record.SequencedRecord;
import dev.s2lite.emulator.record.StreamEngine;
import dev.s2lite.emulator.snapshot.SnapshotException;
import dev.s2lite.emulator.snapshot.Snapshots;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamConfigJson;
import dev.s2lite.emulator.stream.StreamMeta;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The emulator's own control routes, under {@link #PREFIX}: outside {@code /v1}, so no S2 client
 * ever reaches them by accident, never journaled nor faulted, and never answered by s2-lite.
 * JSON in and out; errors as S2 errors ({@code {"code", "message"}}). README's "Test control"
 * section lists them with examples.
 */
public final class AdminRoutes implements Routes {

  /** The reserved path prefix of every admin route. */
  public static final String PREFIX = "/_emulator";

  private static final int STATE_PAGE = 1000;
  private static final int MAX_RECORDS_PAGE = 1000;
  private static final String NDJSON = "application/x-ndjson";

  /** What the admin routes act on; the server hands over its own. */
  public record Services(
      Runnable reset,
      Consumer<String> resetBasin,
      Consumer<byte[]> seed,
      ControlledClock clock,
      Faults faults,
      Journal journal,
      Snapshots snapshots,
      Store store) {}

  private final Services s;

  public AdminRoutes(Services services) {
    this.s = services;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(PREFIX + "/reset", admin(this::reset));
    routes.post(PREFIX + "/seed", admin(this::seed));

    routes.get(PREFIX + "/snapshot", admin(ctx -> download(ctx, out -> s.snapshots().writeTo(out), "s2lite-snapshot.jsonl")));
    routes.post(PREFIX + "/restore", admin(ctx -> {
      s.snapshots().restoreFrom(new ByteArrayInputStream(Requests.adminBody(ctx)));
      Responses.empty(ctx, 204);
    }));
    routes.get(PREFIX + "/snapshots", admin(this::listSnapshots));
    routes.post(PREFIX + "/snapshots", admin(this::saveSnapshot));
    routes.put(PREFIX + "/snapshots/{name}", admin(ctx -> Responses.json(ctx, 201,
        AdminJson.snapshot(s.snapshots().put(ctx.pathParam("name"), Requests.adminBody(ctx))))));
    routes.get(PREFIX + "/snapshots/{name}", admin(ctx -> {
      String name = ctx.pathParam("name");
      byte[] file = s.snapshots().file(name).orElseThrow(() -> S2Error.snapshotNotFound(name));
      ctx.header("content-disposition", "attachment; filename=\"" + name + ".jsonl\"");
      Responses.bytes(ctx, 200, NDJSON, file);
    }));
    routes.post(PREFIX + "/snapshots/{name}/restore", admin(ctx -> {
      s.snapshots().restore(ctx.pathParam("name"));
      Responses.empty(ctx, 204);
    }));
    routes.delete(PREFIX + "/snapshots/{name}", admin(ctx -> {
      if (!s.snapshots().delete(ctx.pathParam("name"))) {
        throw S2Error.snapshotNotFound(ctx.pathParam("name"));
      }
      Responses.empty(ctx, 204);
    }));

    routes.get(PREFIX + "/clock", admin(ctx -> Responses.json(ctx, 200, AdminJson.clock(s.clock()))));
    routes.post(PREFIX + "/clock/freeze", admin(ctx -> {
      JsonNode body = optionalBody(ctx, Set.of("at"), "clock freeze");
      if (body != null && body.hasNonNull("at")) {
        s.clock().freeze();
        s.clock().set(AdminJson.instant(body.get("at"), "at"));
      } else {
        s.clock().freeze();
      }
      Responses.json(ctx, 200, AdminJson.clock(s.clock()));
    }));
    routes.post(PREFIX + "/clock/resume", admin(ctx -> {
      s.clock().resume();
      Responses.json(ctx, 200, AdminJson.clock(s.clock()));
    }));
    routes.post(PREFIX + "/clock/advance", admin(ctx -> {
      JsonNode body = requiredBody(ctx, Set.of("by"), "clock advance");
      if (!body.hasNonNull("by")) {
        throw new IllegalArgumentException("say how far: {\"by\": \"8d\"}");
      }
      s.clock().advance(AdminJson.duration(body.get("by"), "by"));
      Responses.json(ctx, 200, AdminJson.clock(s.clock()));
    }));
    routes.post(PREFIX + "/clock/set", admin(ctx -> {
      JsonNode body = requiredBody(ctx, Set.of("to"), "clock set");
      if (!body.hasNonNull("to")) {
        throw new IllegalArgumentException("say when: {\"to\": \"2030-01-01T00:00:00Z\"}");
      }
      s.clock().set(AdminJson.instant(body.get("to"), "to"));
      Responses.json(ctx, 200, AdminJson.clock(s.clock()));
    }));

    routes.get(PREFIX + "/faults", admin(ctx -> {
      ObjectNode out = Json.object();
      ArrayNode rules = out.putArray("rules");
      s.faults().rules().forEach(f -> rules.add(AdminJson.fault(f)));
      Responses.json(ctx, 200, out);
    }));
    routes.post(PREFIX + "/faults", admin(ctx -> Responses.json(ctx, 201,
        AdminJson.fault(s.faults().add(AdminJson.faultRule(Requests.jsonBody(ctx)))))));
    routes.delete(PREFIX + "/faults", admin(ctx -> {
      s.faults().clear();
      Responses.empty(ctx, 204);
    }));
    routes.delete(PREFIX + "/faults/{id}", admin(ctx -> {
      if (!s.faults().remove(ctx.pathParam("id"))) {
        throw S2Error.faultRuleNotFound(ctx.pathParam("id"));
      }
      Responses.empty(ctx, 204);
    }));

    routes.get(PREFIX + "/journal", admin(this::journal));
    routes.delete(PREFIX + "/journal", admin(ctx -> {
      s.journal().clear();
      Responses.empty(ctx, 204);
    }));

    routes.get(PREFIX + "/state", admin(this::state));
    routes.get(PREFIX + "/records", admin(this::records));
  }

  private interface AdminHandler {
    void handle(Context ctx) throws Exception;
  }

  /** Maps the Java API's argument errors to admin errors; S2 errors pass through. */
  private static Handler admin(AdminHandler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (IllegalArgumentException | SnapshotException | InitFileException e) {
        throw S2Error.badAdminRequest(e.getMessage());
      } catch (NoSuchElementException e) {
        throw S2Error.snapshotNotFound(ctx.pathParamMap().getOrDefault("name", ""));
      }
    };
  }

  private void reset(Context ctx) {
    String basin = ctx.queryParam("basin");
    if (basin == null) {
      s.reset().run();
    } else {
      s.resetBasin().accept(basin);
    }
    Responses.empty(ctx, 204);
  }

  private void seed(Context ctx) throws IOException {
    s.seed().accept(Requests.adminBody(ctx));
    Responses.empty(ctx, 204);
  }

  private void listSnapshots(Context ctx) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("snapshots");
    s.snapshots().list().forEach(info -> list.add(AdminJson.snapshot(info)));
    Responses.json(ctx, 200, out);
  }

  private void saveSnapshot(Context ctx) {
    JsonNode body = requiredBody(ctx, Set.of("name"), "snapshot");
    if (!body.hasNonNull("name") || !body.get("name").isTextual()) {
      throw new IllegalArgumentException("name the snapshot: {\"name\": \"seeded\"}");
    }
    Responses.json(ctx, 201, AdminJson.snapshot(s.snapshots().save(body.get("name").asText())));
  }

  private interface Writer {
    void write(OutputStream out);
  }

  private static void download(Context ctx, Writer writer, String filename) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out);
    ctx.header("content-disposition", "attachment; filename=\"" + filename + "\"");
    Responses.bytes(ctx, 200, NDJSON, out.toByteArray());
  }

  private void journal(Context ctx) {
    JournalQuery query = JournalQuery.ALL;
    if (ctx.queryParam("method") != null) {
      query = query.method(ctx.queryParam("method"));
    }
    if (ctx.queryParam("operation") != null) {
      query = query.withOperation(AdminJson.operation(Json.object().textNode(ctx.queryParam("operation"))));
    }
    if (ctx.queryParam("basin") != null) {
      query = query.basin(ctx.queryParam("basin"));
    }
    if (ctx.queryParam("stream") != null) {
      query = query.stream(ctx.queryParam("stream"));
    }
    if (ctx.queryParam("stream_prefix") != null) {
      query = query.streamPrefix(ctx.queryParam("stream_prefix"));
    }
    if (ctx.queryParam("status") != null) {
      query = query.status(number(ctx, "status"));
    }
    if (ctx.queryParam("after_id") != null) {
      query = query.afterId(number(ctx, "after_id"));
    }
    int limit = ctx.queryParam("limit") == null ? 100 : Math.max(0, number(ctx, "limit"));
    List<JournalEntry> entries = s.journal().last(limit, query);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("requests");
    entries.forEach(e -> list.add(AdminJson.journalEntry(e)));
    out.put("capacity", s.journal().capacity());
    out.put("dropped", s.journal().dropped());
    Responses.json(ctx, 200, out);
  }

  private static int number(Context ctx, String name) {
    try {
      return Integer.parseInt(ctx.queryParam(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter " + name + " must be an integer");
    }
  }

  /** Every basin and stream with its config and tail, for the dashboard (first 1000 of each). */
  private void state(Context ctx) {
    Store store = s.store();
    long now = s.clock().millis();
    ObjectNode out = Json.object();
    out.set("clock", AdminJson.clock(s.clock()));
    ArrayNode basins = out.putArray("basins");
    for (BasinMeta basin : store.basins("", "", STATE_PAGE)) {
      ObjectNode b = basins.addObject();
      b.put("name", basin.name());
      b.set("config", BasinConfigJson.render(basin.config()));
      b.put("created_at", basin.createdAt().toString());
      b.put("deleting", basin.isDeleting());
      ArrayNode streams = b.putArray("streams");
      for (StreamMeta stream : store.streams(basin.name(), "", "", STATE_PAGE)) {
        RecordsState state = store.recordsState(stream.basin(), stream.name());
        ObjectNode st = streams.addObject();
        st.put("name", stream.name());
        st.set("config", StreamConfigJson.render(stream.config()));
        st.put("cipher", stream.cipher() == null ? null : stream.cipher().wire());
        st.put("created_at", stream.createdAt().toString());
        st.put("deleting", stream.isDeleting());
        st.set("tail", S2Error.tailBody(state.nextSeqNum(), state.lastTimestamp()).get("tail"));
        st.put("trim_point", S2Error.unsigned(state.trimPoint()));
        st.put("fencing_token", state.fencingToken());
        st.put("live_records", store.liveRecordCount(stream.basin(), stream.name(), now));
      }
    }
    Responses.json(ctx, 200, out);
  }

  /** A page of a stream's records as a reader would see them now, bodies and headers in base64. */
  private void records(Context ctx) {
    String basin = required(ctx, "basin");
    String stream = required(ctx, "stream");
    StreamMeta meta = s.store().stream(basin, stream).orElseThrow(() ->
        s.store().basin(basin).isEmpty() ? S2Error.basinNotFound(basin) : S2Error.streamNotFound(basin, stream));
    long from = ctx.queryParam("seq_num") == null ? 0 : Long.parseUnsignedLong(ctx.queryParam("seq_num"));
    int count = ctx.queryParam("count") == null ? 50 : Math.min(MAX_RECORDS_PAGE, Math.max(1, number(ctx, "count")));
    List<StoredRecord> page = s.store().readRecords(basin, stream, from,
        new ReadBounds(count, Long.MAX_VALUE, -1L), s.clock().millis());
    RecordsState state = s.store().recordsState(basin, stream);
    ObjectNode out = Json.object();
    ArrayNode records = out.putArray("records");
    Base64.Encoder b64 = Base64.getEncoder();
    for (StoredRecord r : page) {
      ObjectNode rec = records.addObject();
      rec.put("seq_num", S2Error.unsigned(r.seqNum()));
      rec.put("timestamp", S2Error.unsigned(r.timestamp()));
      try {
        SequencedRecord decoded = StreamEngine.decode(r, null);
        ArrayNode headers = rec.putArray("headers");
        decoded.headers().forEach(h -> headers.addArray().add(b64.encodeToString(h.name())).add(b64.encodeToString(h.value())));
        rec.put("body", b64.encodeToString(decoded.body()));
        rec.put("encrypted", false);
      } catch (S2Error e) {
        rec.putArray("headers");
        rec.putNull("body");
        rec.put("encrypted", true);
      }
    }
    out.set("tail", S2Error.tailBody(state.nextSeqNum(), state.lastTimestamp()).get("tail"));
    out.put("trim_point", S2Error.unsigned(state.trimPoint()));
    out.put("cipher", meta.cipher() == null ? null : meta.cipher().wire());
    Responses.json(ctx, 200, out);
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("query parameter " + name + " is required");
    }
    return value;
  }

  private static JsonNode optionalBody(Context ctx, Set<String> known, String what) {
    byte[] body = Requests.body(ctx, S2Error::badJson);
    if (body.length == 0) {
      return null;
    }
    JsonNode node = Json.parse(body);
    AdminJson.rejectUnknown(node, known, what);
    return node;
  }

  private static JsonNode requiredBody(Context ctx, Set<String> known, String what) {
    JsonNode node = optionalBody(ctx, known, what);
    if (node == null) {
      throw new IllegalArgumentException("a JSON body is required");
    }
    return node;
  }
}
