package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.model.TailResponse;

/** REFERENCE 13: check tail. */
public final class TailCases {

  private TailCases() {}

  public static void register(Suite s) {
    String a = "tail";

    s.add(a, "empty-stream-is-0-0", "a new stream's tail is {0, 0}", c ->
        c.tail(c.basin(), c.newStream()).status(200).json("", "{'tail': {'seq_num': 0, 'timestamp': 0}}"));

    s.add(a, "after-append-equals-ack-end", "after an append the tail is the ack's end", c -> {
      String st = c.newStream();
      Res ack = c.append(c.basin(), st, "[{'timestamp': 10}, {'timestamp': 20}]");
      c.tail(c.basin(), st).status(200).json("/tail", ack.at("/end").toString().replace('"', '\''));
    });

    s.add(a, "generated-client-check-tail", "the generated client reads the tail", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "a", "b");
      TailResponse t = c.recordsApi(c.basin()).checkTail(st, c.basinHeader(c.basin()));
      dev.s2lite.conformance.CaseContext.equal(t.getTail().getSeqNum(), 2L, "tail.seq_num");
    });

    s.add(a, "missing-stream-is-404", "check-tail of a missing stream is 404 stream_not_found", c ->
        c.tail(c.basin(), c.streamName()).error(404, "stream_not_found"));

    s.add(a, "missing-basin-is-404", "check-tail in a missing basin is 404 basin_not_found", c ->
        c.tail(c.basinName(), "x").error(404, "basin_not_found"));

    s.add(a, "timestamp-is-last-records", "the tail's timestamp is the last record's", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'timestamp': 111}, {'timestamp': 222}]");
      c.tail(c.basin(), st).json("/tail/timestamp", "222");
    });

    s.add(a, "stream-name-with-slash", "check-tail of a stream whose name holds / (sent as %2F)", c -> {
      String name = "x/y/" + c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").jsonExact("{\"stream\": \"" + name + "\"}").send().status(201);
      c.tail(c.basin(), name).status(200).json("/tail/seq_num", "0");
    });
  }
}
