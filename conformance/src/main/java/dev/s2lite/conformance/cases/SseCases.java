package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Sse;
import java.util.List;
import java.util.Map;

/** REFERENCE 14 and LITE-0.43 4.5-4.6: SSE read sessions. */
public final class SseCases {

  private SseCases() {}

  public static void register(Suite s) {
    String a = "sessions-sse";

    s.add(a, "catch-up-then-done", "a bounded SSE read sends batch events then data: [DONE]", c -> {
      String st = ReadCases.twoRecords(c);
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&wait=0", Map.of()).started()) {
        List<Sse.Event> events = sse.rest();
        check(!events.isEmpty() && events.get(events.size() - 1).done(), "the last event is [DONE]: " + events);
        Sse.Event batch = events.get(0);
        equal(batch.event(), "batch", "first event type");
        equal(batch.json().at("/records/0/body").asText(), "r0", "first record");
      }
    });

    s.add(a, "headers-no-cache-no-compression", "an SSE response has Cache-Control no-cache, X-Accel-Buffering no, no Content-Encoding", c -> {
      String st = ReadCases.twoRecords(c);
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&wait=0", Map.of("accept-encoding", "gzip")).started()) {
        equal(sse.response().header("cache-control"), "no-cache, no-transform", "Cache-Control");
        equal(sse.response().header("x-accel-buffering"), "no", "X-Accel-Buffering");
        equal(sse.response().header("content-encoding"), null, "Content-Encoding");
        sse.rest();
      }
    });

    s.add(a, "batch-id-is-seq-count-bytes", "a batch event's id is <last seq_num>,<count>,<bytes>", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "ab", "cd");
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&wait=0", Map.of()).started()) {
        Sse.Event batch = sse.until("batch").get(0);
        equal(batch.id(), "1,2,20", "id");
        sse.rest();
      }
    });

    s.add(a, "follow-sends-ping-with-tail", "a following session sends a ping with timestamp and tail when it reaches the tail", c -> {
      String st = ReadCases.twoRecords(c);
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0", Map.of()).started()) {
        List<Sse.Event> events = sse.until("ping");
        JsonNode ping = events.get(events.size() - 1).json();
        check(ping.path("timestamp").isIntegralNumber(), "ping has a timestamp: " + ping);
        equal(ping.at("/tail/seq_num").asLong(), 2L, "ping tail.seq_num");
      }
    });

    s.add(a, "follow-delivers-new-records-with-tail", "a live record arrives as a batch carrying tail", c -> {
      String st = c.newStream();
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0", Map.of()).started()) {
        sse.until("ping");
        c.appendBodies(c.basin(), st, "live");
        Sse.Event batch = sse.until("batch").stream().filter(e -> "batch".equals(e.event())).findFirst().orElseThrow();
        equal(batch.json().at("/records/0/body").asText(), "live", "live record");
        check(batch.json().has("tail"), "a live batch carries tail: " + batch);
      }
    });

    s.add(a, "count-bound-ends-session", "count=3 ends the session after 3 records with [DONE]", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "1", "2", "3", "4", "5");
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&count=3", Map.of()).started()) {
        List<Sse.Event> events = sse.rest();
        int records = events.stream().filter(e -> "batch".equals(e.event())).mapToInt(e -> e.json().at("/records").size()).sum();
        equal(records, 3, "records delivered");
        check(events.get(events.size() - 1).done(), "ends with [DONE]");
      }
    });

    s.add(a, "wait-expiry-ends-with-done", "wait=1 at the tail ends with [DONE] after about a second", c -> {
      String st = ReadCases.twoRecords(c);
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=2&wait=1", Map.of()).started()) {
        List<Sse.Event> events = sse.rest();
        check(events.get(events.size() - 1).done(), "ends with [DONE]: " + events);
      }
    });

    s.add(a, "pre-stream-errors-are-json", "an SSE read of a missing stream is a JSON 404, not an event", c -> {
      try (Sse sse = Sse.open(c, c.basin(), c.streamName(), "?seq_num=0", Map.of())) {
        sse.response().whole().error(404, "stream_not_found");
      }
    });

    s.add(a, "beyond-tail-bounded-is-416", "an SSE read past the tail with count is 416 before streaming", c -> {
      try (Sse sse = Sse.open(c, c.basin(), ReadCases.twoRecords(c), "?seq_num=9&count=5", Map.of())) {
        sse.response().whole().status(416).json("/tail/seq_num", "2");
      }
    });

    s.add(a, "timestamp-0-count-on-empty-is-416", "SSE ?timestamp=0&count=5 on an empty stream is 416 (s2-lite 0.43)", c -> {
      try (Sse sse = Sse.open(c, c.basin(), c.newStream(), "?timestamp=0&count=5", Map.of())) {
        sse.response().whole().status(416);
      }
    });

    s.add(a, "count-zero-is-just-done", "SSE ?seq_num=9&count=0 is 200 with only data: [DONE] (s2-lite 0.43)", c -> {
      try (Sse sse = Sse.open(c, c.basin(), c.newStream(), "?seq_num=9&count=0", Map.of()).started()) {
        List<Sse.Event> events = sse.rest();
        equal(events.size(), 1, "events");
        check(events.get(0).done(), "the one event is [DONE]: " + events);
      }
    });

    s.add(a, "last-event-id-resumes-after-seq", "Last-Event-ID 1,2,20 resumes at seq 2 whatever the query's start", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "ab", "cd", "ef", "gh");
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&wait=0", Map.of("last-event-id", "1,2,20")).started()) {
        Sse.Event batch = sse.until("batch").get(0);
        equal(batch.json().at("/records/0/seq_num").asLong(), 2L, "first seq_num");
        sse.rest();
      }
    });

    s.add(a, "last-event-id-counters-are-cumulative", "resuming with 2,3,45 and count=5 ends with id 4,5,<45+...> (s2-lite 0.43)", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "r0", "r1", "r2", "r3", "r4", "r5");
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&count=5&wait=0", Map.of("last-event-id", "2,3,45")).started()) {
        List<Sse.Event> events = sse.rest();
        Sse.Event last = events.stream().filter(e -> "batch".equals(e.event())).reduce((x, y) -> y)
            .orElseThrow(() -> new CaseFailure("no batch: " + events));
        equal(last.id(), "4,5,65", "last id");
      }
    });

    s.add(a, "malformed-last-event-id-is-400", "a malformed Last-Event-ID is 400 bad_header", c -> {
      try (Sse sse = Sse.open(c, c.basin(), ReadCases.twoRecords(c), "?seq_num=0", Map.of("last-event-id", "5"))) {
        sse.response().whole().error(400, "bad_header");
      }
    });

    s.add(a, "base64-format", "s2-format base64 applies to SSE batches", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "hi");
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0&wait=0", Map.of("s2-format", "base64")).started()) {
        equal(sse.until("batch").get(0).json().at("/records/0/body").asText(), "aGk=", "body");
        sse.rest();
      }
    });

    s.add(a, "accept-sse-first-wins", "Accept: text/event-stream, */* selects SSE", c -> {
      var res = c.records(c.basin(), ReadCases.twoRecords(c), "GET", "?seq_num=0&wait=0")
          .header("accept", "text/event-stream, */*").stream();
      try (res) {
        res.started("text/event-stream");
      }
    });

    s.add(a, "deleted-stream-follower-gets-error", "a follower of a stream that is deleted gets an error event (503 unavailable), no [DONE]", c -> {
      String st = c.newStream();
      try (Sse sse = Sse.open(c, c.basin(), st, "?seq_num=0", Map.of()).started()) {
        sse.until("ping");
        c.stream(c.basin(), st, "DELETE", "").send().status(202);
        List<Sse.Event> events = sse.until("error");
        Sse.Event error = events.get(events.size() - 1);
        equal(error.json().path("code").asText(), "unavailable", "error code");
      }
    });
  }
}
