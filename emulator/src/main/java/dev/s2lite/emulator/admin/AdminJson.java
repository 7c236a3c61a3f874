package dev.s2lite.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.clock.ControlledClock;
import dev.s2lite.emulator.fault.ActiveFault;
import dev.s2lite.emulator.fault.FaultAction;
import dev.s2lite.emulator.fault.FaultRule;
import dev.s2lite.emulator.fault.Faults;
import dev.s2lite.emulator.fault.Operation;
import dev.s2lite.emulator.journal.JournalEntry;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.snapshot.SnapshotInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The JSON forms of the admin API: what it answers, and the fault rules it reads. */
final class AdminJson {

  private AdminJson() {}

  static ObjectNode clock(ControlledClock clock) {
    Instant now = clock.instant();
    ObjectNode out = Json.object();
    out.put("now", now.toString());
    out.put("now_millis", now.toEpochMilli());
    out.put("frozen", clock.isFrozen());
    return out;
  }

  static ObjectNode snapshot(SnapshotInfo info) {
    ObjectNode out = Json.object();
    out.put("name", info.name());
    out.put("created_at", info.createdAt() == null ? null : info.createdAt().toString());
    out.put("bytes", info.bytes());
    out.put("basins", info.basins());
    out.put("streams", info.streams());
    out.put("records", info.records());
    return out;
  }

  static ObjectNode fault(ActiveFault fault) {
    FaultRule rule = fault.rule();
    ObjectNode out = Json.object();
    out.put("id", fault.id());
    ArrayNode ops = out.putArray("operations");
    rule.operations().stream().sorted().forEach(op -> ops.add(op.wire()));
    out.put("basin", rule.basin());
    out.put("basin_prefix", rule.basinPrefix());
    out.put("stream", rule.stream());
    out.put("stream_prefix", rule.streamPrefix());
    out.set("action", action(rule.action()));
    if (rule.times() == null) {
      out.putNull("times");
    } else {
      out.put("times", rule.times());
    }
    out.put("probability", rule.probability());
    if (rule.seed() == null) {
      out.putNull("seed");
    } else {
      out.put("seed", rule.seed());
    }
    out.put("expires_at", fault.expiresAt() == null ? null : fault.expiresAt().toString());
    out.put("fired", fault.fired());
    if (fault.remaining() == null) {
      out.putNull("remaining");
    } else {
      out.put("remaining", fault.remaining());
    }
    return out;
  }

  private static ObjectNode action(FaultAction action) {
    ObjectNode out = Json.object();
    if (action instanceof FaultAction.Fail fail) {
      out.putObject("error").put("status", fail.status()).put("code", fail.code()).put("message", fail.message());
    } else if (action instanceof FaultAction.Delay delay) {
      out.put("latency", delay.latency().toMillis() + "ms");
    } else if (action instanceof FaultAction.DropSession drop) {
      out.putObject("drop_session").put("after_messages", drop.afterMessages());
    } else {
      out.putObject("close_connection");
    }
    return out;
  }

  static ObjectNode journalEntry(JournalEntry e) {
    ObjectNode out = Json.object();
    out.put("id", e.id());
    out.put("at", e.at().toString());
    out.put("method", e.method());
    out.put("path", e.path());
    out.put("operation", e.operation().wire());
    out.put("basin", e.basin());
    out.put("stream", e.stream());
    ArrayNode headers = out.putArray("headers");
    for (Map.Entry<String, String> h : e.headers()) {
      headers.addArray().add(h.getKey()).add(h.getValue());
    }
    ObjectNode body = out.putObject("body");
    body.put("bytes", e.body().bytes());
    body.put("content_type", e.body().contentType());
    body.put("content_encoding", e.body().contentEncoding());
    body.put("text", e.body().text());
    body.put("truncated", e.body().truncated());
    out.put("status", e.status());
    out.put("duration_ms", e.duration().toNanos() / 1e6);
    out.put("fault_rule", e.faultRule());
    out.put("completed", e.completed());
    return out;
  }

  // --- reading fault rules ---

  private static final Set<String> RULE_FIELDS = Set.of("operation", "operations", "basin", "basin_prefix", "stream",
      "stream_prefix", "action", "times", "probability", "seed", "expires_after");

  /** @throws IllegalArgumentException saying what is wrong with the rule */
  static FaultRule faultRule(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a fault rule is a JSON object");
    }
    rejectUnknown(node, RULE_FIELDS, "fault rule");
    Set<Operation> ops = EnumSet.noneOf(Operation.class);
    if (node.hasNonNull("operation") && node.hasNonNull("operations")) {
      throw new IllegalArgumentException("give \"operation\" or \"operations\", not both");
    }
    if (node.hasNonNull("operation")) {
      ops.add(operation(node.get("operation")));
    }
    if (node.hasNonNull("operations")) {
      if (!node.get("operations").isArray()) {
        throw new IllegalArgumentException("\"operations\" is an array of operation names");
      }
      node.get("operations").forEach(op -> ops.add(operation(op)));
    }
    if (!node.hasNonNull("action")) {
      throw new IllegalArgumentException("a fault rule needs an \"action\": error, latency, drop_session or close_connection");
    }
    Integer times = node.hasNonNull("times") ? integer(node.get("times"), "times") : null;
    double probability = 1.0;
    if (node.hasNonNull("probability")) {
      if (!node.get("probability").isNumber()) {
        throw new IllegalArgumentException("\"probability\" is a number from 0 to 1");
      }
      probability = node.get("probability").asDouble();
    }
    Long seed = null;
    if (node.hasNonNull("seed")) {
      if (!node.get("seed").canConvertToLong() || !node.get("seed").isIntegralNumber()) {
        throw new IllegalArgumentException("\"seed\" is an integer");
      }
      seed = node.get("seed").asLong();
    }
    Duration expiresAfter = node.hasNonNull("expires_after") ? duration(node.get("expires_after"), "expires_after") : null;
    return new FaultRule(ops, string(node, "basin"), string(node, "basin_prefix"), string(node, "stream"), string(node, "stream_prefix"),
        action(node.get("action")), times, probability, seed, expiresAfter);
  }

  private static FaultAction action(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException("\"action\" is an object with one of: error, latency, drop_session, close_connection");
    }
    String kind = node.fieldNames().next();
    JsonNode value = node.get(kind);
    switch (kind) {
      case "error" -> {
        rejectUnknown(value, Set.of("status", "code", "message"), "error action");
        int status = value.hasNonNull("status") ? integer(value.get("status"), "error.status") : 503;
        String code = value.hasNonNull("code") ? string(value, "code") : Faults.defaultCode(status);
        String message = value.hasNonNull("message") ? string(value, "message") : "injected fault";
        return new FaultAction.Fail(status, code, message);
      }
      case "latency" -> {
        return new FaultAction.Delay(duration(value, "latency"));
      }
      case "drop_session" -> {
        rejectUnknown(value, Set.of("after_messages"), "drop_session action");
        return new FaultAction.DropSession(value.hasNonNull("after_messages")
            ? integer(value.get("after_messages"), "drop_session.after_messages") : 0);
      }
      case "close_connection" -> {
        return new FaultAction.CloseConnection();
      }
      default -> throw new IllegalArgumentException("unknown action \"" + kind
          + "\": use error, latency, drop_session or close_connection");
    }
  }

  static Operation operation(JsonNode node) {
    Operation op = node.isTextual() ? Operation.fromWire(node.asText()) : null;
    if (op == null) {
      throw new IllegalArgumentException("unknown operation " + node + "; one of "
          + EnumSet.allOf(Operation.class).stream().map(Operation::wire).toList());
    }
    return op;
  }

  /** A duration as text ("8d", "PT1H") or a number of milliseconds. */
  static Duration duration(JsonNode node, String field) {
    if (node.isIntegralNumber()) {
      return Duration.ofMillis(node.asLong());
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is a duration such as \"250ms\", \"8d\" or a number of milliseconds");
    }
    return Durations.parse(node.asText());
  }

  /** An instant as RFC 3339 text or epoch milliseconds. */
  static Instant instant(JsonNode node, String field) {
    if (node.isIntegralNumber()) {
      return Instant.ofEpochMilli(node.asLong());
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + field + "\" is an RFC 3339 time such as \"2030-01-01T00:00:00Z\" or epoch milliseconds");
    }
  }

  private static int integer(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new IllegalArgumentException("\"" + field + "\" is an integer");
    }
    return node.asInt();
  }

  private static String string(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is a string");
    }
    return v.asText();
  }

  static void rejectUnknown(JsonNode node, Set<String> known, String what) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " is a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + name + "\" in " + what + "; known: " + known.stream().sorted().toList());
      }
    }
  }
}
