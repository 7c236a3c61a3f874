package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Frames;
import dev.s2lite.conformance.wire.Proto;
import dev.s2lite.conformance.wire.S2sSession;
import java.util.Map;

/** REFERENCE 8.1, 11.5 and LITE-0.43 4.4: auto-create and the s2-stream-config header. */
public final class AutoCreateCases {

  private AutoCreateCases() {}

  public static void register(Suite s) {
    String a = "auto-create";

    s.add(a, "append-creates-stream", "create_stream_on_append: an append to a missing stream creates it", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.appendBodies(b, "fresh", "x").json("/end/seq_num", "1");
      c.in(b, "GET", "/v1/streams").send().status(200).json("/streams/0/name", "'fresh'");
    });

    s.add(a, "append-without-flag-is-404-and-creates-nothing", "without the flag an append to a missing stream is 404 and nothing is created", c -> {
      String b = c.newBasin();
      c.records(b, "fresh", "POST", "").json("{'records': [{}]}").send().error(404, "stream_not_found");
      c.in(b, "GET", "/v1/streams").send().status(200).json("/streams", "[]");
    });

    s.add(a, "read-creates-stream", "create_stream_on_read: a read of a missing stream creates it (and answers 416 at its empty tail)", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.read(b, "fresh", "?seq_num=0").status(416);
      c.tail(b, "fresh").status(200).json("/tail/seq_num", "0");
    });

    s.add(a, "check-tail-creates-stream", "create_stream_on_read: check-tail creates the stream with tail {0, 0}", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.tail(b, "fresh").status(200).json("", "{'tail': {'seq_num': 0, 'timestamp': 0}}");
      c.stream(b, "fresh", "GET", "").send().status(200);
    });

    s.add(a, "read-without-flag-is-404", "without create_stream_on_read a read of a missing stream is 404", c -> {
      String b = c.newBasin();
      c.read(b, "fresh", "?seq_num=0").error(404, "stream_not_found");
      c.tail(b, "fresh").error(404, "stream_not_found");
    });

    s.add(a, "invalid-read-creates-nothing", "a read rejected for its parameters (timestamp >= until) creates no stream", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.read(b, "fresh", "?timestamp=5&until=5").error(422, "invalid");
      c.in(b, "GET", "/v1/streams").send().json("/streams", "[]");
    });

    s.add(a, "auto-created-stream-uses-basin-defaults", "an auto-created stream takes the basin's default config", c -> {
      String b = c.newBasin("{'create_stream_on_append': true, 'default_stream_config': {'storage_class': 'standard'}}");
      c.appendBodies(b, "fresh", "x");
      c.stream(b, "fresh", "GET", "").send().json("/storage_class", "'standard'");
    });

    s.add(a, "stream-config-header-configures-append-creation", "s2-stream-config on an auto-creating append sets the new stream's config (s2-lite 0.43)", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.records(b, "fresh", "POST", "").header("s2-stream-config", "{\"retention_policy\":{\"age\":3600}}")
          .json("{'records': [{}]}").send().status(200);
      c.stream(b, "fresh", "GET", "").send().json("/retention_policy", "{'age': 3600}");
    });

    s.add(a, "stream-config-header-ignored-for-existing", "s2-stream-config does not change an existing stream", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.appendBodies(b, "fresh", "x");
      c.records(b, "fresh", "POST", "").header("s2-stream-config", "{\"retention_policy\":{\"age\":60}}")
          .json("{'records': [{}]}").send().status(200);
      c.stream(b, "fresh", "GET", "").send().json("/retention_policy", "{'age': 604800}");
    });

    s.add(a, "stream-config-header-garbage-is-400-and-creates-nothing", "a non-JSON s2-stream-config is 400 bad_header and creates nothing", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.records(b, "fresh", "POST", "").header("s2-stream-config", "not json").json("{'records': [{}]}").send()
          .error(400, "bad_header");
      c.in(b, "GET", "/v1/streams").send().json("/streams", "[]");
    });

    s.add(a, "stream-config-header-zero-retention-is-400", "an s2-stream-config with retention age 0 is 400 bad_header", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.records(b, "fresh", "POST", "").header("s2-stream-config", "{\"retention_policy\":{\"age\":0}}")
          .json("{'records': [{}]}").send().error(400, "bad_header");
    });

    s.add(a, "stream-config-header-on-read-creation", "s2-stream-config on an auto-creating read configures the stream (s2-lite 0.43)", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.records(b, "fresh", "GET", "?seq_num=0").header("s2-stream-config", "{\"storage_class\":\"standard\"}").send().status(416);
      c.stream(b, "fresh", "GET", "").send().json("/storage_class", "'standard'");
    });

    s.add(a, "check-tail-ignores-stream-config-header", "check-tail ignores s2-stream-config, even garbage", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.stream(b, "fresh", "GET", "/records/tail").header("s2-stream-config", "garbage").send().status(200);
    });

    s.add(a, "append-session-creates-stream", "create_stream_on_append applies to S2S append sessions", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      try (S2sSession ss = S2sSession.append(c, b, "fresh", Map.of()).started()) {
        ss.send(Frames.regular(Proto.appendInput("x"))).halfClose();
        dev.s2lite.conformance.CaseContext.equal(S2sCases.acks(ss.rest()).size(), 1, "acks");
      }
      c.tail(b, "fresh").json("/tail/seq_num", "1");
    });

    s.add(a, "deleting-basin-blocks-auto-create", "auto-create in a basin being deleted is 409 basin_deletion_pending", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      c.appendBodies(b, "keep", "x");
      c.account("DELETE", "/v1/basins/" + b).send().status(202);
      var r = c.records(b, "other", "POST", "").json("{'records': [{}]}").send();
      if (r.status() == 404) {
        c.skip("the basin deletion finished before the append");
      }
      r.error(409, "basin_deletion_pending");
    });

    s.add(a, "concurrent-auto-create-appends", "10 concurrent appends to a missing stream create one stream and all land", c -> {
      String b = c.newBasin("{'create_stream_on_append': true}");
      java.util.List<Thread> ts = new java.util.ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
      for (int i = 0; i < 10; i++) {
        Thread t = new Thread(() -> {
          for (int attempt = 0; attempt < 5; attempt++) {
            int status = c.records(b, "race", "POST", "").json("{'records': [{}]}").send().status();
            if (status == 200) {
              ok.incrementAndGet();
              return;
            }
          }
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join(20_000);
      }
      dev.s2lite.conformance.CaseContext.equal(ok.get(), 10, "appends that landed (retrying transaction_conflict)");
      c.tail(b, "race").json("/tail/seq_num", "10");
      c.in(b, "GET", "/v1/streams").send().json("/streams/0/name", "'race'").json("/has_more", "false");
    });
  }
}
