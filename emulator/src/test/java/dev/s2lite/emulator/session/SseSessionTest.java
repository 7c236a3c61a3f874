package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SSE read sessions (lite §14): events, heartbeats, errors and resumption with Last-Event-ID. */
@Timeout(60)
class SseSessionTest extends SessionTestBase {

  record Event(String event, String id, String data) {
    JsonNode json() {
      return Api.parse(data);
    }
  }

  /** An SSE response read line by line into events as they arrive. */
  static final class Sse implements AutoCloseable {
    private static final Event END = new Event("", "", "");
    final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    Sse(URI uri, Map<String, String> headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
      headers.forEach(b::header);
      try {
        response = Api.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      java.util.Iterator<String> lines = response.body().iterator();
      Thread reader = new Thread(() -> read(lines), "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(java.util.Iterator<String> lines) {
      String event = null;
      String id = null;
      StringBuilder data = null;
      try {
        while (lines.hasNext()) {
          String line = lines.next();
          if (line.isEmpty()) {
            if (data != null) {
              events.add(new Event(event == null ? "message" : event, id, data.toString()));
            }
            event = null;
            id = null;
            data = null;
          } else if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("data: ")) {
            data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
          } else {
            events.add(new Event("unexpected", null, line));
          }
        }
      } catch (UncheckedIOException | IllegalStateException closed) {
        // the test closed the response
      }
      events.add(END);
    }

    /** The next event, or null at the end of the body. */
    Event next() {
      try {
        Event e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event or the end within 10 s").isNotNull();
        if (e == END) {
          events.add(END);
          return null;
        }
        return e;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ex);
      }
    }

    Event nextOfType(String type) {
      for (Event e = next(); ; e = next()) {
        assertThat(e).as("a " + type + " event").isNotNull();
        if (e.event().equals(type)) {
          return e;
        }
        assertThat(e.event()).as("only pings before the " + type).isEqualTo("ping");
      }
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  private Sse sse(String query, Map<String, String> extra) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("s2-basin", basin);
    headers.put("accept", "text/event-stream");
    headers.putAll(extra);
    return new Sse(server.endpoint().resolve("/v1/streams/s/records" + (query.isEmpty() ? "" : "?" + query)), headers);
  }

  private static List<String> bodies(Event batch) {
    List<String> out = new ArrayList<>();
    batch.json().get("records").forEach(r -> out.add(r.get("body").asText()));
    return out;
  }

  @Test
  void aBoundedReadSendsBatchEventsWithCumulativeIdsThenDone() {
    api.append(basin, "s", "a", "b");
    api.append(basin, "s", "c");
    try (Sse s = sse("seq_num=0&count=3", Map.of())) {
      assertThat(s.response.statusCode()).isEqualTo(200);
      assertThat(s.response.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(s.response.headers().firstValue("cache-control")).hasValue("no-cache, no-transform");
      assertThat(s.response.headers().firstValue("x-accel-buffering")).hasValue("no");
      assertThat(s.response.headers().firstValue("content-encoding")).isEmpty();
      Event batch = s.next();
      assertThat(batch.event()).isEqualTo("batch");
      assertThat(bodies(batch)).containsExactly("a", "b", "c");
      // Each record meters 8 + 1 bytes.
      assertThat(batch.id()).isEqualTo("2,3,27");
      assertThat(batch.json().has("tail")).isFalse();
      Event done = s.next();
      assertThat(done.event()).isEqualTo("message");
      assertThat(done.data()).isEqualTo("[DONE]");
      assertThat(s.next()).isNull();
    }
  }

  @Test
  void followingSendsAPingWithTimestampAndTailThenLiveBatchesWithTail() {
    api.append(basin, "s", "a");
    try (Sse s = sse("seq_num=0", Map.of())) {
      assertThat(bodies(s.next())).containsExactly("a");
      Event ping = s.next();
      assertThat(ping.event()).isEqualTo("ping");
      assertThat(ping.id()).isNull();
      assertThat(ping.json().get("timestamp").asLong()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
      assertThat(ping.json().get("tail").get("seq_num").asLong()).isEqualTo(1);
      assertThat(s.next().event()).isEqualTo("ping");
      api.append(basin, "s", "live");
      Event live = s.nextOfType("batch");
      assertThat(bodies(live)).containsExactly("live");
      assertThat(live.json().get("tail").get("seq_num").asLong()).isEqualTo(2);
      assertThat(live.id()).isEqualTo("1,2,21");
    }
  }

  @Test
  void resumingFromLastEventIdYieldsNoDuplicatesAndNoGaps() {
    List<String> seen = new ArrayList<>();
    String lastId;
    try (Sse s = sse("seq_num=0&count=30&wait=30", Map.of())) {
      for (int i = 0; i < 10; i++) {
        api.append(basin, "s", "r" + (2 * i), "r" + (2 * i + 1));
      }
      Event last = null;
      while (seen.size() < 12) {
        last = s.nextOfType("batch");
        seen.addAll(bodies(last));
      }
      lastId = last.id();
    }
    for (int i = 10; i < 15; i++) {
      api.append(basin, "s", "r" + (2 * i), "r" + (2 * i + 1));
    }
    // The query's start is ignored; count is reduced by what the id says was delivered, so the
    // resumed session ends at the 30th record instead of waiting 30 s for more.
    long start = System.nanoTime();
    try (Sse s = sse("seq_num=0&count=30&wait=30", Map.of("last-event-id", lastId))) {
      for (Event e = s.next(); e != null && !e.data().equals("[DONE]"); e = s.next()) {
        if (e.event().equals("batch")) {
          seen.addAll(bodies(e));
        }
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      expected.add("r" + i);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void malformedLastEventIdIsBadHeaderBeforeStreaming() {
    for (String bad : List.of("5", "5,1", "x,1,2", "5,1,")) {
      try (Sse s = sse("seq_num=0", Map.of("last-event-id", bad))) {
        assertThat(s.response.statusCode()).isEqualTo(400);
        assertThat(s.response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(s.next().data()).contains("\"code\":\"bad_header\"");
      }
    }
  }

  @Test
  void base64FormatEncodesBodies() {
    api.append(basin, "s", "hello");
    try (Sse s = sse("seq_num=0&wait=0", Map.of("s2-format", "base64"))) {
      Event batch = s.next();
      String body = batch.json().get("records").get(0).get("body").asText();
      assertThat(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(s.next().data()).isEqualTo("[DONE]");
    }
  }

  @Test
  void deletionWhileFollowingIsAnErrorEventWithoutDone() {
    try (Sse s = sse("", Map.of())) {
      assertThat(s.next().event()).isEqualTo("ping");
      api.deleteStream(basin, "s");
      Event error = null;
      for (Event e = s.next(); e != null; e = s.next()) {
        assertThat(e.data()).isNotEqualTo("[DONE]");
        if (e.event().equals("error")) {
          error = e;
        }
      }
      assertThat(error).isNotNull();
      assertThat(error.json().get("code").asText()).isEqualTo("unavailable");
      assertThat(error.json().get("message").asText()).isEqualTo("streamer missing in action");
    }
  }

  @Test
  void onlyTheFirstAcceptEntryCountsAndS2sWinsOverSse() {
    api.append(basin, "s", "a");
    var json = api.send("GET", "/v1/streams/s/records?seq_num=0", basin, null);
    HttpRequest unary = HttpRequest.newBuilder(server.endpoint().resolve("/v1/streams/s/records?seq_num=0"))
        .header("s2-basin", basin).header("accept", "application/json, text/event-stream").build();
    try {
      HttpResponse<String> r = Api.HTTP.send(unary, HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.body()).isEqualTo(json.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    try (Sse s = sse("seq_num=0&wait=0", Map.of("accept", "text/event-stream, */*"))) {
      assertThat(s.next().event()).isEqualTo("batch");
    }
    try (Sse s = sse("seq_num=0&wait=0", Map.of("content-type", "s2s/proto"))) {
      assertThat(s.response.headers().firstValue("content-type")).hasValue("s2s/proto");
    }
  }
}
