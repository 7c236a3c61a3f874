package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import dev.s2lite.conformance.Json;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Frames;
import dev.s2lite.conformance.wire.Proto;
import dev.s2lite.conformance.wire.S2sSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** REFERENCE 15 and LITE-0.43 4.7: S2S append and read sessions. */
public final class S2sCases {

  private S2sCases() {}

  static List<Proto.AppendAck> acks(List<Frames.Frame> frames) {
    List<Proto.AppendAck> acks = new ArrayList<>();
    for (Frames.Frame f : frames) {
      if (!f.terminal()) {
        acks.add(Proto.appendAck(f.payload()));
      }
    }
    return acks;
  }

  static Frames.Frame terminal(List<Frames.Frame> frames) {
    if (frames.isEmpty() || !frames.get(frames.size() - 1).terminal()) {
      throw new dev.s2lite.conformance.CaseFailure("expected the session to end with a terminal frame, got "
          + frames.size() + " regular frames");
    }
    return frames.get(frames.size() - 1);
  }

  static String code(Frames.Frame terminal) {
    return Json.parse(terminal.terminalBody().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("code").asText();
  }

  public static void register(Suite s) {
    String a = "sessions-s2s";

    s.add(a, "append-session-acks-in-order", "three inputs get acks 0..1, 1..2, 2..3; half-close ends the response", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        equal(ss.header("cache-control"), "no-cache, no-transform", "Cache-Control");
        for (String b : new String[] {"a", "b", "c"}) {
          ss.send(Frames.regular(Proto.appendInput(b)));
        }
        ss.halfClose();
        List<Frames.Frame> frames = ss.rest();
        List<Proto.AppendAck> acks = acks(frames);
        equal(acks.size(), 3, "acks");
        equal(frames.size(), 3, "frames (no terminal frame on success)");
        for (int i = 0; i < 3; i++) {
          equal(acks.get(i).start().seqNum(), (long) i, "ack " + i + " start");
          equal(acks.get(i).end().seqNum(), (long) i + 1, "ack " + i + " end");
          check(acks.get(i).tail().seqNum() >= i + 1, "ack tail >= end");
        }
      }
      c.read(c.basin(), st, "?seq_num=0").bodies("a", "b", "c");
    });

    s.add(a, "append-ack-before-half-close", "an input is acked while the request body is still open (full duplex)", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput("first")));
        Frames.Frame f = ss.next();
        check(f != null && !f.terminal(), "an ack arrives before half-close");
        equal(Proto.appendAck(f.payload()).end().seqNum(), 1L, "end");
        ss.halfClose();
        equal(ss.rest().size(), 0, "frames after half-close");
      }
    });

    s.add(a, "empty-append-session", "a session with no inputs is 200 with an empty body; the tail stays 0", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.halfClose();
        equal(ss.rest().size(), 0, "frames");
      }
      c.tail(c.basin(), st).json("/tail/seq_num", "0");
    });

    s.add(a, "multi-record-batches", "batches of 2 and 3 records ack 0..2 and 2..5", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput("a", "b"))).send(Frames.regular(Proto.appendInput("c", "d", "e"))).halfClose();
        List<Proto.AppendAck> acks = acks(ss.rest());
        equal(acks.get(0).end().seqNum(), 2L, "first end");
        equal(acks.get(1).end().seqNum(), 5L, "second end");
      }
    });

    s.add(a, "pipelined-match-seq-num", "match_seq_num 0 then 1 in one session both succeed (pipelined evaluation)", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("a")), 0L, null)));
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("b")), 1L, null)));
        ss.halfClose();
        equal(acks(ss.rest()).size(), 2, "acks");
      }
    });

    s.add(a, "condition-failure-poisons-session", "inputs m=0 ok, m=0 bad, m=1: one ack, then a terminal 412; the third is never written", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("first")), 0L, null)));
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("bad")), 0L, null)));
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("third")), 1L, null)));
        ss.halfClose();
        List<Frames.Frame> frames = ss.rest();
        equal(acks(frames).size(), 1, "acks");
        Frames.Frame t = terminal(frames);
        equal(t.terminalStatus(), 412, "terminal status");
        equal(Json.parse(t.terminalBody().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("seq_num_mismatch").asLong(), 1L,
            "seq_num_mismatch");
      }
      c.tail(c.basin(), st).json("/tail/seq_num", "1");
      c.read(c.basin(), st, "?seq_num=0").bodies("first");
    });

    s.add(a, "fencing-token-in-session", "two inputs with fencing_token \"\" both succeed", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("a")), null, "")));
        ss.send(Frames.regular(Proto.appendInput(List.of(Proto.AppendRecord.of("b")), null, "")));
        ss.halfClose();
        equal(acks(ss.rest()).size(), 2, "acks");
      }
    });

    s.add(a, "undecodable-input-is-terminal-400-bad-frame", "an undecodable protobuf input ends the session with terminal 400 bad_frame", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput("ok")));
        ss.send(Frames.regular(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
        ss.halfClose();
        List<Frames.Frame> frames = ss.rest();
        equal(acks(frames).size(), 1, "acks for the inputs before it");
        Frames.Frame t = terminal(frames);
        equal(t.terminalStatus(), 400, "terminal status");
        equal(code(t), "bad_frame", "terminal code");
      }
    });

    s.add(a, "invalid-input-is-terminal-422", "an empty batch input ends the session with terminal 422 invalid", c -> {
      try (S2sSession ss = S2sSession.append(c, c.basin(), c.newStream(), Map.of()).started()) {
        ss.send(Frames.regular(new byte[0])).halfClose();
        Frames.Frame t = terminal(ss.rest());
        equal(t.terminalStatus(), 422, "terminal status");
        equal(code(t), "invalid", "terminal code");
      }
    });

    s.add(a, "compression-bits-11-is-bad-frame", "a frame with compression bits 11 ends the session with terminal 400 bad_frame", c -> {
      try (S2sSession ss = S2sSession.append(c, c.basin(), c.newStream(), Map.of()).started()) {
        ss.send(Frames.encode(0x60, Proto.appendInput("x"))).halfClose();
        Frames.Frame t = terminal(ss.rest());
        equal(t.terminalStatus(), 400, "terminal status");
        equal(code(t), "bad_frame", "terminal code");
      }
    });

    s.add(a, "client-compressed-frames-accepted", "zstd and gzip compressed input frames are accepted", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        ss.send(Frames.zstd(Proto.appendInput("z"))).send(Frames.gzip(Proto.appendInput("g"))).halfClose();
        equal(acks(ss.rest()).size(), 2, "acks");
      }
      c.read(c.basin(), st, "?seq_num=0").bodies("z", "g");
    });

    s.add(a, "append-session-missing-stream-is-json-404", "an append session on a missing stream is a JSON 404 before the session", c -> {
      try (S2sSession ss = S2sSession.append(c, c.basin(), c.streamName(), Map.of())) {
        ss.whole().error(404, "stream_not_found");
      }
    });

    s.add(a, "read-session-catch-up-then-end", "a bounded read session sends the records in ReadBatch frames without tail, then ends", c -> {
      String st = ReadCases.twoRecords(c);
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0&wait=0", Map.of()).started()) {
        List<Frames.Frame> frames = ss.rest();
        List<String> bodies = new ArrayList<>();
        for (Frames.Frame f : frames) {
          check(!f.terminal(), "no terminal frame on a normal end");
          Proto.ReadBatch b = Proto.readBatch(f.payload());
          b.records().forEach(r -> bodies.add(r.bodyText()));
          check(b.tail() == null || !b.records().isEmpty(), "no heartbeat in a wait=0 catch-up");
        }
        equal(bodies, List.of("r0", "r1"), "bodies");
      }
    });

    s.add(a, "read-session-heartbeat-at-tail", "a following read session sends a heartbeat (empty records with tail)", c -> {
      String st = ReadCases.twoRecords(c);
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=2", Map.of()).started()) {
        Proto.ReadBatch b = Proto.readBatch(ss.next().payload());
        check(b.records().isEmpty() && b.tail() != null, "a heartbeat: empty records and a tail");
        equal(b.tail().seqNum(), 2L, "heartbeat tail");
      }
    });

    s.add(a, "read-session-live-batch-has-tail", "a live record arrives in a ReadBatch with tail", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0", Map.of()).started()) {
        ss.next();
        c.appendBodies(c.basin(), st, "live");
        for (int i = 0; i < 10; i++) {
          Proto.ReadBatch b = Proto.readBatch(ss.next().payload());
          if (!b.records().isEmpty()) {
            equal(b.records().get(0).bodyText(), "live", "body");
            check(b.tail() != null, "a live batch has a tail");
            return;
          }
        }
        throw new dev.s2lite.conformance.CaseFailure("no live batch among 10 frames");
      }
    });

    s.add(a, "read-session-416-is-json", "a read session past the tail with count is a JSON 416 before the session", c -> {
      try (S2sSession ss = S2sSession.read(c, c.basin(), ReadCases.twoRecords(c), "?seq_num=9&count=1", Map.of())) {
        ss.whole().status(416).json("/tail/seq_num", "2");
      }
    });

    s.add(a, "read-session-zstd-negotiated", "Accept-Encoding zstd compresses frames of 1 KiB or more with zstd", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "z".repeat(4096));
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0&wait=0", Map.of("accept-encoding", "zstd")).started()) {
        Frames.Frame f = ss.next();
        equal(f.compression(), 1, "compression bits (1 = zstd)");
        equal(Proto.readBatch(f.payload()).records().get(0).body().length, 4096, "body length");
        ss.rest();
      }
    });

    s.add(a, "read-session-q0-skips-coding", "Accept-Encoding zstd;q=0, gzip gives gzip frames (s2-lite 0.43)", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "g".repeat(4096));
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0&wait=0",
          Map.of("accept-encoding", "zstd;q=0, gzip")).started()) {
        equal(ss.next().compression(), 2, "compression bits (2 = gzip)");
        ss.rest();
      }
    });

    s.add(a, "small-frames-not-compressed", "frames under 1 KiB are sent uncompressed even when zstd is accepted", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "small");
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0&wait=0", Map.of("accept-encoding", "zstd")).started()) {
        equal(ss.next().compression(), 0, "compression bits");
        ss.rest();
      }
    });

    s.add(a, "read-session-count-zero-is-empty", "a read session with count=0 is 200 with an empty body (s2-lite 0.43)", c -> {
      try (S2sSession ss = S2sSession.read(c, c.basin(), c.newStream(), "?seq_num=5&count=0", Map.of()).started()) {
        equal(ss.rest().size(), 0, "frames");
      }
    });

    s.add(a, "deleted-stream-read-session-ends-503", "a read session on a stream that is deleted ends with a terminal 503 unavailable", c -> {
      String st = c.newStream();
      try (S2sSession ss = S2sSession.read(c, c.basin(), st, "?seq_num=0", Map.of()).started()) {
        ss.next();
        c.stream(c.basin(), st, "DELETE", "").send().status(202);
        for (int i = 0; i < 20; i++) {
          Frames.Frame f = ss.next();
          if (f == null) {
            throw new dev.s2lite.conformance.CaseFailure("the session ended without a terminal frame");
          }
          if (f.terminal()) {
            equal(f.terminalStatus(), 503, "terminal status");
            equal(code(f), "unavailable", "terminal code");
            return;
          }
        }
        throw new dev.s2lite.conformance.CaseFailure("no terminal frame among 20");
      }
    });

    s.add(a, "append-session-large-batches", "20 inputs of 100 KB each are all acked", c -> {
      String st = c.newStream();
      String big = "x".repeat(100_000);
      try (S2sSession ss = S2sSession.append(c, c.basin(), st, Map.of()).started()) {
        for (int i = 0; i < 20; i++) {
          ss.send(Frames.regular(Proto.appendInput(big)));
        }
        ss.halfClose();
        equal(acks(ss.rest()).size(), 20, "acks");
      }
      c.tail(c.basin(), st).json("/tail/seq_num", "20");
    });
  }
}
