package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Proto;
import dev.s2lite.openapi.client.model.ReadBatch;

/** REFERENCE 12 and LITE-0.43 4.5: unary reads. */
public final class ReadCases {

  private ReadCases() {}

  /** A stream with records at seq 0 and 1, timestamps 1000 and 2000 (REFERENCE 12.6). */
  static String twoRecords(CaseContext c) {
    String st = c.newStream();
    c.append(c.basin(), st, "[{'timestamp': 1000, 'body': 'r0'}, {'timestamp': 2000, 'body': 'r1'}]");
    return st;
  }

  /** Records with timestamps 1000, 2000, 2000, 3000. */
  static String fourRecords(CaseContext c) {
    String st = c.newStream();
    c.append(c.basin(), st, "[{'timestamp': 1000, 'body': 'a'}, {'timestamp': 2000, 'body': 'b'},"
        + " {'timestamp': 2000, 'body': 'c'}, {'timestamp': 3000, 'body': 'd'}]");
    return st;
  }

  public static void register(Suite s) {
    String a = "read";

    s.add(a, "from-seq-num-0-returns-all-without-tail", "?seq_num=0 returns both records and no tail", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0").status(200).bodies("r0", "r1").jsonAbsent("/tail"));

    s.add(a, "at-tail-is-416-with-tail", "?seq_num=2 (the tail) is 416 {tail: {2, 2000}}", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=2").status(416).json("", "{'tail': {'seq_num': 2, 'timestamp': 2000}}"));

    s.add(a, "beyond-tail-is-416", "?seq_num=100 is 416", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=100").status(416).json("/tail/seq_num", "2"));

    s.add(a, "clamp-without-wait-is-still-416", "?seq_num=100&clamp=true without wait is still 416", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=100&clamp=true").status(416));

    s.add(a, "clamp-with-wait-returns-empty", "?seq_num=100&clamp=true&wait=1 answers 200 {records: []} after the wait", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=100&clamp=true&wait=1").status(200).json("", "{'records': []}"));

    s.add(a, "tail-offset-1-returns-last", "?tail_offset=1 returns the last record", c ->
        c.read(c.basin(), twoRecords(c), "?tail_offset=1").status(200).bodies("r1"));

    s.add(a, "tail-offset-saturates", "?tail_offset=100 starts at 0", c ->
        c.read(c.basin(), twoRecords(c), "?tail_offset=100").status(200).bodies("r0", "r1"));

    s.add(a, "no-parameters-is-416", "a unary read without a start is at the tail: 416", c ->
        c.read(c.basin(), twoRecords(c), "").status(416));

    s.add(a, "tail-offset-0-is-416", "?tail_offset=0 is 416", c ->
        c.read(c.basin(), twoRecords(c), "?tail_offset=0").status(416));

    s.add(a, "timestamp-start", "?timestamp=2000 returns the record with timestamp 2000", c ->
        c.read(c.basin(), twoRecords(c), "?timestamp=2000").status(200).bodies("r1"));

    s.add(a, "timestamp-between-records", "?timestamp=1500 starts at the first record at or after it", c ->
        c.read(c.basin(), twoRecords(c), "?timestamp=1500").status(200).bodies("r1"));

    s.add(a, "timestamp-beyond-tail-is-416", "?timestamp=2001 is 416", c ->
        c.read(c.basin(), twoRecords(c), "?timestamp=2001").status(416));

    s.add(a, "timestamp-until-equal-is-422", "?timestamp=1500&until=1500 is 422 invalid", c ->
        c.read(c.basin(), twoRecords(c), "?timestamp=1500&until=1500").error(422, "invalid"));

    s.add(a, "until-is-exclusive", "?seq_num=0&until=2000 returns only the record before 2000", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&until=2000").status(200).bodies("r0"));

    s.add(a, "count-limits", "?count=1 returns one record", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&count=1").status(200).bodies("r0"));

    s.add(a, "count-zero-returns-empty-at-once", "?seq_num=0&count=0 answers 200 {records: []}", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&count=0").status(200).json("", "{'records': []}"));

    s.add(a, "count-zero-beyond-tail-is-empty-not-416", "?seq_num=5&count=0 on an empty stream is 200 empty at once (s2-lite 0.43)", c ->
        c.read(c.basin(), c.newStream(), "?seq_num=5&count=0").status(200).json("", "{'records': []}"));

    s.add(a, "bytes-zero-returns-empty", "?seq_num=0&bytes=0 answers 200 {records: []}", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&bytes=0").status(200).json("", "{'records': []}"));

    s.add(a, "timestamp-0-on-empty-stream-is-416", "?timestamp=0 on an empty stream is 416 (s2-lite 0.43)", c ->
        c.read(c.basin(), c.newStream(), "?timestamp=0").status(416).json("", "{'tail': {'seq_num': 0, 'timestamp': 0}}"));

    s.add(a, "timestamp-0-with-wait-on-empty-stream-is-empty", "?timestamp=0&wait=1 on an empty stream answers 200 empty after the wait", c ->
        c.read(c.basin(), c.newStream(), "?timestamp=0&wait=1").status(200).json("", "{'records': []}"));

    s.add(a, "two-start-parameters-is-422", "seq_num and timestamp together are 422 invalid", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&timestamp=0").error(422, "invalid"));

    s.add(a, "seq-num-not-a-number-is-400", "?seq_num=abc is 400 bad_query", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=abc").error(400, "bad_query"));

    s.add(a, "negative-count-is-400", "?count=-1 is 400 bad_query", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&count=-1").error(400, "bad_query"));

    s.add(a, "clamp-not-a-bool-is-400", "?clamp=maybe is 400 bad_query", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&clamp=maybe").error(400, "bad_query"));

    s.add(a, "missing-stream-is-404", "reading a missing stream is 404 stream_not_found", c ->
        c.read(c.basin(), c.streamName(), "?seq_num=0").error(404, "stream_not_found"));

    s.add(a, "missing-basin-is-404", "reading in a missing basin is 404 basin_not_found", c ->
        c.read(c.basinName(), "x", "?seq_num=0").error(404, "basin_not_found"));

    s.add(a, "long-poll-returns-new-batch-with-tail", "a read at the tail with wait returns the next batch as it lands, with tail", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "old");
      Thread writer = new Thread(() -> {
        try {
          Thread.sleep(300);
          c.appendBodies(c.basin(), st, "new");
        } catch (Throwable ignored) {
          // The read then times out and the case fails on its records.
        }
      });
      writer.start();
      Res r = c.read(c.basin(), st, "?seq_num=1&wait=10").status(200).bodies("new");
      check(!r.at("/tail").isMissingNode(), "a batch from following carries tail: " + r.text());
      writer.join(5000);
    });

    s.add(a, "catch-up-does-not-wait", "with wait, records already there come back at once", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=0&wait=30").status(200).bodies("r0", "r1"));

    s.add(a, "wait-expires-with-empty-records", "?seq_num=<tail>&wait=1 answers {records: []} when nothing comes", c ->
        c.read(c.basin(), twoRecords(c), "?seq_num=2&wait=1").status(200).json("", "{'records': []}"));

    s.add(a, "until-boundaries", "until 500 / 2000 / 5000 over timestamps 1000, 2000, 2000, 3000", c -> {
      String st = fourRecords(c);
      c.read(c.basin(), st, "?seq_num=0&until=500").status(200).recordCount(0);
      c.read(c.basin(), st, "?seq_num=0&until=2000").status(200).bodies("a");
      c.read(c.basin(), st, "?seq_num=0&until=5000").status(200).bodies("a", "b", "c", "d");
    });

    s.add(a, "timestamp-range", "timestamp 2000 until 4500 returns the records in [2000, 4500), duplicates included", c ->
        c.read(c.basin(), fourRecords(c), "?timestamp=2000&until=4500").status(200).bodies("b", "c", "d"));

    s.add(a, "duplicate-timestamps-all-returned", "a timestamp start includes every record with that timestamp", c ->
        c.read(c.basin(), fourRecords(c), "?timestamp=2000&count=2").status(200).bodies("b", "c"));

    s.add(a, "count-wins-over-until", "count 2 with until 5000 returns 2", c ->
        c.read(c.basin(), fourRecords(c), "?seq_num=0&count=2&until=5000").status(200).bodies("a", "b"));

    s.add(a, "bytes-exact-fit", "a bytes limit equal to two records' metered size returns exactly two", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "xx", "yy", "zz");
      // metered = 8 + body length = 10 per record
      c.read(c.basin(), st, "?seq_num=0&bytes=20").status(200).bodies("xx", "yy");
    });

    s.add(a, "bytes-below-first-record-returns-none", "a bytes limit below the first record's size returns nothing", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "xx");
      c.read(c.basin(), st, "?seq_num=0&bytes=9").status(200).recordCount(0);
    });

    s.add(a, "metered-bytes-count-headers", "metering counts 8 + 2 per header + names, values and body (29 bytes example)", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['alpha', '1'], ['beta', 'two']], 'body': 'body'}, {'body': 'next'}]");
      c.read(c.basin(), st, "?seq_num=0&bytes=29").status(200).recordCount(1);
      c.read(c.basin(), st, "?seq_num=0&bytes=28").status(200).recordCount(0);
    });

    s.add(a, "protobuf-read", "Accept: application/protobuf answers a protobuf ReadBatch", c -> {
      Res r = c.records(c.basin(), twoRecords(c), "GET", "?seq_num=0").header("accept", "application/protobuf").send()
          .status(200).header("content-type", "application/protobuf");
      Proto.ReadBatch batch = Proto.readBatch(r.body());
      equal(batch.records().size(), 2, "records");
      equal(batch.records().get(1).bodyText(), "r1", "second body");
      equal(batch.records().get(1).timestamp(), 2000L, "second timestamp");
    });

    s.add(a, "first-accept-entry-decides", "Accept: application/json, text/event-stream is a unary JSON read", c ->
        c.records(c.basin(), twoRecords(c), "GET", "?seq_num=0").header("accept", "application/json, text/event-stream").send()
            .status(200).bodies("r0", "r1"));

    s.add(a, "generated-client-read", "the generated client reads a ReadBatch", c -> {
      String st = twoRecords(c);
      ReadBatch batch = c.recordsApi(c.basin()).read(st, null, null, null, null,
          0L, null, null, null, null, null, null, null, c.basinHeader(c.basin()));
      equal(batch.getRecords().size(), 2, "records");
      equal(batch.getRecords().get(0).getBody(), "r0", "first body");
    });

    s.add(a, "unary-read-caps-at-1000-records", "a unary read returns at most 1000 records", c -> {
      String st = c.newStream();
      for (int batch = 0; batch < 2; batch++) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 600; i++) {
          b.append(i == 0 ? "" : ",").append("{}");
        }
        c.append(c.basin(), st, b.append(']').toString());
      }
      c.read(c.basin(), st, "?seq_num=0").status(200).recordCount(1000);
    });

    s.add(a, "concurrent-reads-agree", "10 concurrent reads of one stream return the same records", c -> {
      String st = fourRecords(c);
      java.util.List<String> texts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      java.util.List<Thread> ts = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Thread t = new Thread(() -> texts.add(c.read(c.basin(), st, "?seq_num=0").text()));
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join(20_000);
      }
      equal(texts.size(), 10, "reads answered");
      equal(new java.util.HashSet<>(texts).size(), 1, "distinct answers");
    });
  }
}
