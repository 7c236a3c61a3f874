package dev.s2lite.emulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Json;
import java.nio.charset.StandardCharsets;

/** The text of the SSE events of a read session, as lite sends them (no retry, no comments). */
public final class SseEvents {

  public static final String CONTENT_TYPE = "text/event-stream";

  private SseEvents() {}

  /** A {@code batch} event: the JSON ReadBatch and the resume cookie. */
  public static byte[] batch(LastEventId id, JsonNode readBatch) {
    return event("batch", id.render(), Json.bytes(readBatch));
  }

  /** A {@code ping} heartbeat: server time (Unix ms) and the current tail. */
  public static byte[] ping(long nowMillis, long tailSeqNum, long tailTimestamp) {
    ObjectNode ping = Json.object();
    ping.put("timestamp", S2Error.unsigned(nowMillis));
    ping.set("tail", S2Error.tailBody(tailSeqNum, tailTimestamp).get("tail"));
    return event("ping", null, Json.bytes(ping));
  }

  /** An in-band {@code error}: the JSON error body; the stream ends after it. */
  public static byte[] error(S2Error error) {
    return event("error", null, Json.bytes(error.body()));
  }

  /** The normal end of a session. */
  public static byte[] done() {
    return "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] event(String name, String id, byte[] json) {
    StringBuilder text = new StringBuilder(json.length + 64);
    text.append("event: ").append(name).append('\n');
    if (id != null) {
      text.append("id: ").append(id).append('\n');
    }
    // Compact JSON has no raw newlines, so one data line carries it.
    text.append("data: ").append(new String(json, StandardCharsets.UTF_8)).append("\n\n");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
