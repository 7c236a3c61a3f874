package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

/** REFERENCE 10.5: batch and record limits. */
public final class LimitCases {

  private LimitCases() {}

  static String emptyRecords(int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{}");
    }
    return b.append(']').toString();
  }

  public static void register(Suite s) {
    String a = "limits";

    s.add(a, "1000-records-accepted", "a batch of 1000 records is accepted", c ->
        c.append(c.basin(), c.newStream(), emptyRecords(1000)).json("/end/seq_num", "1000"));

    s.add(a, "1001-records-is-422", "a batch of 1001 records is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': " + emptyRecords(1001) + "}").send()
            .error(422, "invalid"));

    s.add(a, "record-over-1-mib-is-422", "a record of more than 1 MiB metered is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'body': '" + "x".repeat(1024 * 1024) + "'}]}")
            .send().error(422, "invalid"));

    s.add(a, "record-of-exactly-1-mib-is-accepted", "a record of exactly 1 MiB metered (8 + body) is accepted", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'body': '" + "x".repeat(1024 * 1024 - 8) + "'}]}")
            .send().status(200));

    s.add(a, "batch-over-1-mib-is-422", "a batch over 1 MiB metered in total is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'body': '" + "x".repeat(600_000) + "'}, {'body': '"
            + "y".repeat(600_000) + "'}]}").send().error(422, "invalid"));

    s.add(a, "request-token-of-36-bytes-is-accepted", "an s2-request-token of exactly 36 bytes is accepted", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").header("s2-request-token", "t".repeat(36)).json("{'basin': '" + b + "'}").send().status(201);
    });

    s.add(a, "fencing-token-of-36-bytes-is-accepted", "a fence to a 36-byte token is accepted", c ->
        c.append(c.basin(), c.newStream(), "[{'headers': [['', 'fence']], 'body': '" + "t".repeat(36) + "'}]"));

    s.add(a, "basin-name-of-48-chars-is-accepted", "a basin name of 48 characters is accepted", c -> {
      String b = c.basinName();
      String name = b + "x".repeat(48 - b.length());
      c.created(name);
      c.account("POST", "/v1/basins").json("{'basin': '" + name + "'}").send().status(201);
    });
  }
}
