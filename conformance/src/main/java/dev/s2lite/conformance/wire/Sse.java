package dev.s2lite.conformance.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Http;
import dev.s2lite.conformance.Json;
import dev.s2lite.conformance.Req;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A hand-written server-sent-events reader for read sessions ({@code Accept: text/event-stream}). */
public final class Sse implements AutoCloseable {

  /** One event; {@code event} null for the default type (the final {@code [DONE]}). */
  public record Event(String event, String id, String data) {
    public boolean done() {
      return event == null && "[DONE]".equals(data);
    }

    public JsonNode json() {
      return Json.parse(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return (event == null ? "" : "event: " + event + " ") + (id == null ? "" : "id: " + id + " ") + "data: " + data;
    }
  }

  private final Http.Streaming response;
  private final BufferedReader reader;

  private Sse(Http.Streaming response) {
    this.response = response;
    this.reader = new BufferedReader(new InputStreamReader(response.body, StandardCharsets.UTF_8));
  }

  public static Sse open(CaseContext c, String basin, String stream, String query, Map<String, String> extra) {
    Req req = c.records(basin, stream, "GET", query).header("accept", "text/event-stream");
    extra.forEach(req::header);
    return new Sse(req.stream());
  }

  public Http.Streaming response() {
    return response;
  }

  public Sse started() {
    response.started("text/event-stream");
    return this;
  }

  /** The next event, or null when the response ended. */
  public Event next() {
    String event = null;
    String id = null;
    StringBuilder data = null;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (data != null || event != null) {
            return new Event(event, id, data == null ? "" : data.toString());
          }
          continue;
        }
        if (line.startsWith(":")) {
          continue;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        switch (field) {
          case "event" -> event = value;
          case "id" -> id = value;
          case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          default -> { }
        }
      }
    } catch (IOException e) {
      throw new CaseFailure("reading the SSE stream failed: " + e);
    }
    if (data != null || event != null) {
      throw new CaseFailure("the SSE stream ended inside an event (no blank line after it)");
    }
    return null;
  }

  /** Every remaining event until the response ends. */
  public List<Event> rest() {
    List<Event> events = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) {
      events.add(e);
    }
    return events;
  }

  /** Events until one of this type (included); fails if the stream ends first. */
  public List<Event> until(String type) {
    List<Event> events = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) {
      events.add(e);
      if (type.equals(e.event())) {
        return events;
      }
    }
    throw new CaseFailure("the SSE stream ended without a " + type + " event: " + events);
  }

  @Override
  public void close() {
    response.close();
  }
}
