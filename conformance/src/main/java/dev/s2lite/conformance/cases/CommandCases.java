package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.base64;

import dev.s2lite.conformance.Suite;
import java.nio.ByteBuffer;

/** REFERENCE 10.3: command records (fence, trim). */
public final class CommandCases {

  private CommandCases() {}

  static String trimBody(long seq) {
    return base64(ByteBuffer.allocate(8).putLong(seq).array());
  }

  public static void register(Suite s) {
    String a = "commands";

    s.add(a, "fence-sets-token", "a fence command sets the token; the old token then gets 412 with the new one", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['', 'fence']], 'body': 'leader-2'}], 'fencing_token': ''");
      c.records(c.basin(), st, "POST", "").json("{'records': [{}], 'fencing_token': ''}").send().status(412)
          .json("", "{'fencing_token_mismatch': 'leader-2'}");
      c.append(c.basin(), st, "[{}], 'fencing_token': 'leader-2', 'match_seq_num': 1");
    });

    s.add(a, "unfenced-appends-are-not-checked", "appends without fencing_token are never fenced out", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['', 'fence']], 'body': 'mine'}]");
      c.appendBodies(c.basin(), st, "free");
    });

    s.add(a, "fence-record-is-read-back", "a fence record reads back with headers [['', 'fence']]", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['', 'fence']], 'body': 'tok'}]");
      c.read(c.basin(), st, "?seq_num=0").json("/records/0/headers", "[['', 'fence']]").json("/records/0/body", "'tok'");
    });

    s.add(a, "empty-fence-omits-body", "a fence to the empty token reads back without body", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['', 'fence']]}]");
      c.read(c.basin(), st, "?seq_num=0").jsonAbsent("/records/0/body");
    });

    s.add(a, "fence-token-over-36-bytes-is-422", "a fence body over 36 bytes is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['', 'fence']], 'body': '"
            + "x".repeat(37) + "'}]}").send().error(422, "invalid"));

    s.add(a, "fence-invalid-utf8-is-422", "a fence body that is not UTF-8 is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("s2-format", "base64")
            .json("{'records': [{'headers': [['', '" + base64("fence") + "']], 'body': '" + base64(new byte[] {(byte) 0xff}) + "'}]}")
            .send().error(422, "invalid"));

    s.add(a, "unknown-command-is-422", "a command other than fence or trim is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['', 'explode']]}]}").send()
            .error(422, "invalid"));

    s.add(a, "trim-body-not-8-bytes-is-422", "a trim body that is not 8 bytes is 422 invalid", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['', 'trim']], 'body': 'abc'}]}").send()
            .error(422, "invalid"));

    s.add(a, "trim-is-accepted-and-keeps-tail", "a trim command is sequenced like a record and never moves the tail back", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "a", "b", "c");
      c.records(c.basin(), st, "POST", "").header("s2-format", "base64")
          .json("{'records': [{'headers': [['" + base64("") + "', '" + base64("trim") + "']], 'body': '" + trimBody(2) + "'}]}")
          .send().status(200).json("/start/seq_num", "3");
      c.tail(c.basin(), st).json("/tail/seq_num", "4");
    });

    s.add(a, "trim-eventually-removes-records-below", "records below the trim point stop being read (eventually)", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "a", "b", "c");
      c.records(c.basin(), st, "POST", "").header("s2-format", "base64")
          .json("{'records': [{'headers': [['', '" + base64("trim") + "']], 'body': '" + trimBody(2) + "'}]}").send().status(200);
      long first = -1;
      for (int i = 0; i < 50; i++) {
        first = c.read(c.basin(), st, "?seq_num=0").status(200).longAt("/records/0/seq_num");
        if (first == 2) {
          return;
        }
        Thread.sleep(100);
      }
      c.skip("records below the trim point were still readable after 5 s (trims are asynchronous); first seq_num " + first);
    });

    s.add(a, "header-with-empty-name-among-others-is-not-a-command", "an empty-named header beside another header is 422 invalid (not a command)", c ->
        c.records(c.basin(), c.newStream(), "POST", "").json("{'records': [{'headers': [['', 'fence'], ['a', 'b']]}]}").send()
            .error(422, "invalid"));

    s.add(a, "command-records-count-as-records", "command records take seq_nums like any record", c -> {
      String st = c.newStream();
      c.append(c.basin(), st, "[{'headers': [['', 'fence']], 'body': 't'}, {'body': 'x'}], 'fencing_token': ''")
          .json("/end/seq_num", "2");
    });
  }
}
