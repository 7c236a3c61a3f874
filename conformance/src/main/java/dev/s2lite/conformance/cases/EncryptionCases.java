package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.base64;

import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.wire.Sse;
import java.util.Map;

/** REFERENCE 17: stream ciphers and s2-encryption-key. */
public final class EncryptionCases {

  private EncryptionCases() {}

  static final String KEY = base64(new byte[32]);
  static final String OTHER_KEY = base64(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  public static void register(Suite s) {
    String a = "encryption";

    for (String cipher : new String[] {"aegis-256", "aes-256-gcm"}) {
      s.add(a, cipher + "-round-trip", "a basin with " + cipher + ": the stream records the cipher; records round-trip with the key", c -> {
        String b = c.newBasin("{'stream_cipher': '" + cipher + "'}");
        String st = c.newStream(b, "{}");
        c.in(b, "GET", "/v1/streams").send().json("/streams/0/cipher", "'" + cipher + "'");
        c.records(b, st, "POST", "").header("s2-encryption-key", KEY).json("{'records': [{'body': 'secret'}]}").send().status(200);
        c.records(b, st, "GET", "?seq_num=0").header("s2-encryption-key", KEY).send().status(200).bodies("secret");
      });
    }

    s.add(a, "append-without-key-is-400", "appending to an encrypted stream without the key is 400 bad_header", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.records(b, c.newStream(b, "{}"), "POST", "").json("{'records': [{}]}").send().error(400, "bad_header");
    });

    s.add(a, "read-without-key-is-400", "reading an encrypted stream without the key is 400 bad_header", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.read(b, c.newStream(b, "{}"), "?seq_num=0").error(400, "bad_header");
    });

    s.add(a, "key-not-base64-is-400", "a key that is not base64 is 400 bad_header", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.records(b, c.newStream(b, "{}"), "POST", "").header("s2-encryption-key", "!!!!").json("{'records': [{}]}").send()
          .error(400, "bad_header");
    });

    s.add(a, "key-wrong-length-is-400", "a key of 16 bytes is 400 bad_header", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.records(b, c.newStream(b, "{}"), "POST", "").header("s2-encryption-key", base64(new byte[16]))
          .json("{'records': [{}]}").send().error(400, "bad_header");
    });

    s.add(a, "key-over-44-chars-is-400", "a key header over 44 characters is 400 bad_header, whatever the stream", c ->
        c.records(c.basin(), c.newStream(), "POST", "").header("s2-encryption-key", "A".repeat(45))
            .json("{'records': [{}]}").send().error(400, "bad_header"));

    s.add(a, "wrong-key-read-is-400-decryption-failed", "reading with another key is 400 decryption_failed", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      String st = c.newStream(b, "{}");
      c.records(b, st, "POST", "").header("s2-encryption-key", KEY).json("{'records': [{'body': 'x'}]}").send().status(200);
      c.records(b, st, "GET", "?seq_num=0").header("s2-encryption-key", OTHER_KEY).send().error(400, "decryption_failed");
    });

    s.add(a, "key-ignored-for-plain-streams", "a key header is ignored on a stream without a cipher", c -> {
      String st = c.newStream();
      c.records(c.basin(), st, "POST", "").header("s2-encryption-key", KEY).json("{'records': [{'body': 'p'}]}").send().status(200);
      c.read(c.basin(), st, "?seq_num=0").bodies("p");
    });

    s.add(a, "check-tail-needs-no-key", "check-tail of an encrypted stream needs no key", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.tail(b, c.newStream(b, "{}")).status(200);
    });

    s.add(a, "existing-stream-keeps-cipher", "changing the basin's cipher affects only streams created afterwards", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      c.in(b, "POST", "/v1/streams").json("{'stream': 'old'}").send().status(201);
      c.account("PATCH", "/v1/basins/" + b).json("{'stream_cipher': 'aes-256-gcm'}").send().status(200);
      c.in(b, "POST", "/v1/streams").json("{'stream': 'new'}").send().status(201).json("/cipher", "'aes-256-gcm'");
      c.in(b, "GET", "/v1/streams?prefix=old").send().json("/streams/0/cipher", "'aegis-256'");
    });

    s.add(a, "delete-works-without-key", "deleting an encrypted stream holding records needs no key", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      String st = c.newStream(b, "{}");
      c.records(b, st, "POST", "").header("s2-encryption-key", KEY).json("{'records': [{'body': 'x'}]}").send().status(200);
      c.stream(b, st, "DELETE", "").send().status(202);
    });

    s.add(a, "sse-without-key-is-400-before-stream", "an SSE read of an encrypted stream without the key is a JSON 400 bad_header", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256'}");
      try (Sse sse = Sse.open(c, b, c.newStream(b, "{}"), "?seq_num=0", Map.of())) {
        sse.response().whole().error(400, "bad_header");
      }
    });

    s.add(a, "auto-created-stream-gets-basin-cipher", "a stream auto-created by append takes the basin's cipher", c -> {
      String b = c.newBasin("{'stream_cipher': 'aegis-256', 'create_stream_on_append': true}");
      c.records(b, "auto", "POST", "").header("s2-encryption-key", KEY).json("{'records': [{'body': 'x'}]}").send().status(200);
      c.in(b, "GET", "/v1/streams").send().json("/streams/0/cipher", "'aegis-256'");
    });
  }
}
