package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Proto;
import dev.s2lite.openapi.client.model.AppendAck;
import dev.s2lite.openapi.client.model.AppendInput;
import dev.s2lite.openapi.client.model.AppendRecord;
import java.util.List;

/** REFERENCE 10-11: appends, unary JSON and protobuf. */
public final class AppendCases {

  private AppendCases() {}

  public static void register(Suite s) {
    String a = "append";

    s.add(a, "batch-ack-start-end-tail", "a 3-record batch on an empty stream acks start 0, end 3, tail >= 3", c -> {
      String st = c.newStream();
      Res r = c.appendBodies(c.basin(), st, "a", "b", "c");
      equal(r.longAt("/start/seq_num"), 0L, "start.seq_num");
      equal(r.longAt("/end/seq_num"), 3L, "end.seq_num");
      check(r.longAt("/tail/seq_num") >= 3, "tail.seq_num >= 3: " + r.text());
    });

    s.add(a, "seq-nums-are-dense-across-batches", "a second batch starts where the first ended", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "a", "b");
      c.appendBodies(c.basin(), st, "c").json("/start/seq_num", "2").json("/end/seq_num", "3");
    });

    s.add(a, "generated-client-append", "the generated client appends and gets an AppendAck", c -> {
      String st = c.newStream();
      AppendAck ack = c.recordsApi(c.basin()).append(st, new AppendInput().addRecordsItem(new AppendRecord().body("hi")),
          null, null, null, c.basinHeader(c.basin()));
      equal(ack.getEnd().getSeqNum(), 1L, "end.seq_num");
    });

    s.add(a, "records-read-back-in-order", "appended bodies and headers read back in order", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'body': 'one', 'headers': [['k', 'v'], ['k', 'w']]}, {'body': 'two'}]");
      c.read(c.basin(), st, "?seq_num=0").status(200).bodies("one", "two")
          .json("/records/0/headers", "[['k', 'v'], ['k', 'w']]").json("/records/0/seq_num", "0");
    });

    s.add(a, "empty-body-and-headers-are-omitted-on-read", "a record with no headers and an empty body reads back without those keys", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{}]");
      c.read(c.basin(), st, "?seq_num=0").status(200).jsonAbsent("/records/0/body").jsonAbsent("/records/0/headers");
    });

    s.add(a, "missing-records-is-400", "an append body without records is 400 bad_json", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{}").send().error(400, "bad_json"));

    s.add(a, "empty-batch-is-422", "an empty batch is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': []}").send().error(422, "invalid"));

    s.add(a, "no-content-type-is-400", "a JSON append without Content-Type is 400 bad_json", c ->
        c.records(c.basin(), c.newStream(), "POST", "").body("{\"records\": [{}]}").send().error(400, "bad_json"));

    s.add(a, "empty-header-name-is-422", "a header with an empty name beside others is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['', 'x'], ['a', 'b']]}]}").send()
            .error(422, "invalid"));

    s.add(a, "header-not-a-pair-is-400", "a header that is not a [name, value] pair is 400 bad_json", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['only-name']]}]}").send()
            .error(400, "bad_json"));

    s.add(a, "missing-stream-is-404", "appending to a missing stream is 404 stream_not_found", c ->
        c.records(c.basin(), c.streamName(), "POST", "").json("{'records': [{}]}").send().error(404, "stream_not_found"));

    s.add(a, "missing-basin-is-404", "appending in a missing basin is 404 basin_not_found", c ->
        c.records(c.basinName(), "x", "POST", "").json("{'records': [{}]}").send().error(404, "basin_not_found"));

    s.add(a, "match-seq-num-succeeds-in-order", "match_seq_num 0 then 1 both succeed", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{}], 'match_seq_num': 0");
      c.append(c.basin(), st, "[{}], 'match_seq_num': 1");
    });

    s.add(a, "match-seq-num-mismatch-is-412", "a stale match_seq_num is 412 {seq_num_mismatch: next}", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "x");
      c.records(c.basin(), st, "POST", "").json("{'records': [{}], 'match_seq_num': 0}").send().status(412)
          .json("", "{'seq_num_mismatch': 1}");
    });

    s.add(a, "failed-condition-writes-nothing", "a 412 append writes nothing: the tail stays", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "x");
      c.records(c.basin(), st, "POST", "").json("{'records': [{}], 'match_seq_num': 5}").send().status(412);
      c.tail(c.basin(), st).status(200).json("/tail/seq_num", "1");
    });

    s.add(a, "empty-fencing-token-matches-new-stream", "fencing_token \"\" succeeds on a fresh stream", c ->
        c.append(c.basin(), c.newStream(), "[{}], 'fencing_token': ''"));

    s.add(a, "wrong-fencing-token-is-412", "a wrong fencing_token is 412 {fencing_token_mismatch: current}", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{}], 'fencing_token': 'nope'}").send()
            .status(412).json("", "{'fencing_token_mismatch': ''}"));

    s.add(a, "fencing-token-over-36-bytes-is-400", "a fencing_token over 36 bytes in JSON is 400 bad_json", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{}], 'fencing_token': '" + "f".repeat(37) + "'}")
            .send().error(400, "bad_json"));

    s.add(a, "base64-format-round-trips-bytes", "s2-format: base64 appends and reads raw bytes", c -> {
      String st = c.newStream();
      String body = CaseContext.base64(new byte[] {0, (byte) 0xff, 1, (byte) 0x80});
      c.records(c.basin(), st, "POST", "").header("s2-format", "base64")
          .json("{'records': [{'body': '" + body + "', 'headers': [['" + CaseContext.base64("k") + "', '']]}]}").send().status(200);
      c.records(c.basin(), st, "GET", "?seq_num=0").header("s2-format", "base64").send().status(200)
          .json("/records/0/body", "'" + body + "'").json("/records/0/headers", "[['" + CaseContext.base64("k") + "', '']]");
    });

    s.add(a, "json-binsafe-alias-is-base64", "s2-format json-binsafe is the older name of base64", Suite.SELF_HOSTED, c -> {
      String st = c.newStream();
      c.records(c.basin(), st, "POST", "").header("s2-format", "json-binsafe")
          .json("{'records': [{'body': '" + CaseContext.base64("hey") + "'}]}").send().status(200);
      c.read(c.basin(), st, "?seq_num=0").bodies("hey");
    });

    s.add(a, "json-alias-is-raw", "s2-format json is the older name of raw", Suite.SELF_HOSTED, c -> {
      String st = c.newStream();
      c.records(c.basin(), st, "POST", "").header("s2-format", "json").json("{'records': [{'body': 'plain'}]}").send().status(200);
      c.read(c.basin(), st, "?seq_num=0").bodies("plain");
    });

    s.add(a, "invalid-base64-is-422", "invalid base64 with s2-format base64 is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("s2-format", "base64").json("{'records': [{'body': '!!!'}]}")
            .send().error(422, "invalid"));

    s.add(a, "unpadded-base64-is-422", "base64 without = padding is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("s2-format", "base64").json("{'records': [{'body': 'YQ'}]}")
            .send().error(422, "invalid"));

    s.add(a, "unknown-format-is-400", "an unknown s2-format is 400 bad_header", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("s2-format", "hex").json("{'records': [{}]}").send()
            .error(400, "bad_header"));

    s.add(a, "raw-read-of-invalid-utf8-is-lossy", "raw reads turn invalid UTF-8 into U+FFFD", c -> {
      String st = c.newStream();
      c.records(c.basin(), st, "POST", "").header("s2-format", "base64")
          .json("{'records': [{'body': '" + CaseContext.base64(new byte[] {'a', (byte) 0xff, 'b'}) + "'}]}").send().status(200);
      c.read(c.basin(), st, "?seq_num=0").bodies("a\uFFFDb");
    });

    s.add(a, "protobuf-append-and-ack", "a protobuf AppendInput with Accept protobuf answers a protobuf AppendAck", c -> {
      String st = c.newStream();
      Res r = c.records(c.basin(), st, "POST", "").header("content-type", "application/protobuf")
          .header("accept", "application/protobuf").body(Proto.appendInput("p1", "p2")).send().status(200)
          .header("content-type", "application/protobuf");
      Proto.AppendAck ack = Proto.appendAck(r.body());
      equal(ack.end().seqNum(), 2L, "end.seq_num");
      c.read(c.basin(), st, "?seq_num=0").bodies("p1", "p2");
    });

    s.add(a, "protobuf-in-json-out", "a protobuf append without Accept protobuf answers JSON", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("content-type", "application/x-protobuf")
            .body(Proto.appendInput("x")).send().status(200).json("/end/seq_num", "1"));

    s.add(a, "json-in-protobuf-out", "a JSON append with Accept protobuf answers a protobuf ack", c -> {
      Res r = c.records(c.basin(), c.newStream(), "POST", "").header("accept", "application/protobuf")
          .json("{'records': [{'body': 'x'}]}").send().status(200);
      equal(Proto.appendAck(r.body()).end().seqNum(), 1L, "end.seq_num");
    });

    s.add(a, "undecodable-protobuf-is-400", "an undecodable protobuf body is 400 bad_proto", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("content-type", "application/protobuf")
            .body(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}).send().error(400, "bad_proto"));

    s.add(a, "protobuf-empty-batch-is-422", "a protobuf AppendInput with no records is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("content-type", "application/protobuf")
            .body(new byte[0]).send().error(422, "invalid"));

    s.add(a, "protobuf-long-fencing-token-is-422", "a protobuf fencing token over 36 bytes is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("content-type", "application/protobuf")
            .body(Proto.appendInput(List.of(Proto.AppendRecord.of("x")), null, "t".repeat(37))).send().error(422, "invalid"));

    s.add(a, "client-timestamps-kept-in-client-prefer", "client-prefer keeps client timestamps and clamps them monotonic (1000, 900, 1100)", c -> {
      String st = c.newStream();
      Res r = c.append(c.basin(), st, "[{'timestamp': 1000}, {'timestamp': 900}, {'timestamp': 1100}]");
      equal(r.longAt("/start/timestamp"), 1000L, "start.timestamp");
      c.read(c.basin(), st, "?seq_num=0").json("/records/0/timestamp", "1000").json("/records/1/timestamp", "1000")
          .json("/records/2/timestamp", "1100");
    });

    s.add(a, "timestamps-never-decrease-across-batches", "a later batch with smaller timestamps gets the previous maximum", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'timestamp': 1000}]");
      c.append(c.basin(), st, "[{'timestamp': 500}, {'timestamp': 600}]");
      c.read(c.basin(), st, "?seq_num=1").json("/records/0/timestamp", "1000").json("/records/1/timestamp", "1000");
    });

    s.add(a, "missing-timestamp-gets-arrival-time", "a record without timestamp gets the server's time in milliseconds", c -> {
      long before = System.currentTimeMillis();
      Res r = c.appendBodies(c.basin(), c.newStream(), "x");
      long ts = r.longAt("/start/timestamp");
      check(Math.abs(ts - before) < 10 * 60_000, "timestamp " + ts + " is the current time in ms (client clock " + before + ")");
    });

    s.add(a, "future-timestamp-is-capped", "a client timestamp in the future is capped to now unless uncapped", c -> {
      long future = System.currentTimeMillis() + 3_600_000;
      Res r = c.append(c.basin(), c.newStream(), "[{'timestamp': " + future + "}]");
      check(r.longAt("/start/timestamp") < future - 60_000, "capped below the future timestamp: " + r.text());
    });

    s.add(a, "uncapped-keeps-future-timestamp", "with uncapped true a future client timestamp is kept", c -> {
      long future = System.currentTimeMillis() + 3_600_000;
      String st = c.newStream(c.basin(), "{'timestamping': {'uncapped': true}}");
      c.append(c.basin(), st, "[{'timestamp': " + future + "}]").json("/start/timestamp", Long.toString(future));
    });

    s.add(a, "client-require-without-timestamp-is-422", "client-require rejects a batch with a record lacking a timestamp", c -> {
      String st = c.newStream(c.basin(), "{'timestamping': {'mode': 'client-require'}}");
      c.records(c.basin(), st, "POST", "").json("{'records': [{'timestamp': 5}, {}]}").send().error(422, "invalid")
          .messageContains("timestamp");
      c.append(c.basin(), st, "[{'timestamp': 123}]").json("/end/seq_num", "1");
    });

    s.add(a, "arrival-ignores-client-timestamp", "arrival mode ignores client timestamps", c -> {
      String st = c.newStream(c.basin(), "{'timestamping': {'mode': 'arrival'}}");
      Res r = c.append(c.basin(), st, "[{'timestamp': 5}]");
      check(r.longAt("/start/timestamp") > 5, "timestamp is the arrival time, not 5: " + r.text());
    });

    s.add(a, "concurrent-appends-all-land", "20 concurrent single-record appends all land exactly once", c -> {
      String st = c.newStream();
      List<Thread> threads = new java.util.ArrayList<>();
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      for (int i = 0; i < 20; i++) {
        String body = "b" + i;
        Thread t = new Thread(() -> {
          try {
            c.appendBodies(c.basin(), st, body);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join(20_000);
      }
      if (failure.get() != null) {
        throw new dev.s2lite.conformance.CaseFailure("a concurrent append failed: " + failure.get().getMessage());
      }
      c.tail(c.basin(), st).json("/tail/seq_num", "20");
      Res r = c.read(c.basin(), st, "?seq_num=0").recordCount(20);
      java.util.Set<String> bodies = new java.util.HashSet<>();
      r.records().forEach(x -> bodies.add(x.path("body").asText()));
      equal(bodies.size(), 20, "distinct bodies");
    });
  }
}
