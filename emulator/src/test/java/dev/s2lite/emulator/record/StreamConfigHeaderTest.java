package dev.s2lite.emulator.record;

import static dev.s2lite.emulator.testing.Api.bytes;
import static dev.s2lite.emulator.testing.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.testing.Api;
import dev.s2lite.emulator.testing.Proto;
import dev.s2lite.emulator.testing.Transport;
import dev.s2lite.emulator.testing.Transport.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code s2-stream-config} header the SDKs send on append and read: the config a stream gets
 * when that call auto-creates it, resolved over the basin's defaults like a create-stream config;
 * ignored for existing streams and by check tail; anything wrong with it is {@code 400 bad_header}
 * (s2-lite 0.43.4).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamConfigHeaderTest {

  private static final String HEADER = "s2-stream-config";
  private static final String AUTO = "auto-basin";
  private static final String PLAIN = "plain-basin";

  private S2LiteServer server;
  private Api api;

  @BeforeAll
  void startServer() {
    server = S2LiteServer.builder().port(0).build().start();
    api = new Api(server, Transport.http1());
  }

  @AfterAll
  void stopServer() {
    api.transport().close();
    server.close();
  }

  @BeforeEach
  void basins() {
    server.reset();
    api.createBasin(AUTO, """
        {"create_stream_on_append":true,"create_stream_on_read":true,"default_stream_config":
          {"storage_class":"standard","timestamping":{"mode":"arrival","uncapped":true},
           "delete_on_empty":{"min_age_secs":30}}}""");
    api.createBasin(PLAIN, null);
  }

  private JsonNode config(String basin, String stream) {
    return ok(api.send("GET", "/v1/streams/" + stream, null, "s2-basin", basin)).json();
  }

  /** Compact JSON text, so configs compare by content whatever the parsed number types. */
  private static String json(String text) {
    return Json.parse(bytes(text)).toString();
  }

  private static void assertBadHeader(Reply r, String messageStart) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().path("code").asText()).as(r.toString()).isEqualTo("bad_header");
    assertThat(r.json().path("message").asText()).as(r.toString()).startsWith(messageStart);
  }

  @Test
  void jsonAppendAutoCreatesWithTheHeadersConfigOverTheBasinDefaults() {
    // Unknown fields are ignored; an empty delete_on_empty is min_age_secs 0; timestamping merges.
    ok(api.append(AUTO, "s", "{\"records\":[{\"body\":\"x\",\"timestamp\":5}]}", HEADER,
        "{\"timestamping\":{\"mode\":\"client-require\"},\"delete_on_empty\":{},\"bogus\":1}"));

    assertThat(config(AUTO, "s").toString()).isEqualTo(json("""
        {"storage_class":"standard","retention_policy":{"age":604800},
         "timestamping":{"mode":"client-require","uncapped":true},"delete_on_empty":{"min_age_secs":0}}"""));
    assertThat(ok(api.read(AUTO, "s", "seq_num=0")).json().get("records").get(0).get("timestamp").asLong())
        .isEqualTo(5);
  }

  @Test
  void protobufAppendAutoCreatesWithTheHeadersConfig() {
    ok(api.appendBytes(AUTO, "p", Proto.appendInput(
            List.of(new Proto.Rec(null, List.of(), bytes("p"))), null, null), "application/protobuf",
        HEADER, "{\"storage_class\":\"express\",\"retention_policy\":{\"infinite\":{}}}"));

    JsonNode config = config(AUTO, "p");
    assertThat(config.get("storage_class").asText()).isEqualTo("express");
    assertThat(config.get("retention_policy").toString()).isEqualTo(json("{\"infinite\":{}}"));
  }

  @Test
  void readAutoCreatesWithTheHeadersConfig() {
    Reply read = api.read(AUTO, "r", "seq_num=0", HEADER, "{\"retention_policy\":{\"age\":3600}}");

    assertThat(read.status()).as(read.toString()).isEqualTo(416);
    assertThat(config(AUTO, "r").get("retention_policy").toString()).isEqualTo(json("{\"age\":3600}"));
  }

  @Test
  void checkTailIgnoresTheHeaderEvenWhenItAutoCreatesOrTheHeaderIsInvalid() {
    ok(api.send("GET", Api.records("t") + "/tail", null, "s2-basin", AUTO,
        HEADER, "{\"storage_class\":\"express\"}"));
    ok(api.send("GET", Api.records("t") + "/tail", null, "s2-basin", AUTO, HEADER, "{nope"));

    assertThat(config(AUTO, "t").get("storage_class").asText()).isEqualTo("standard");
  }

  @Test
  void theHeaderIsIgnoredForAnExistingStream() {
    api.createStream(AUTO, "e", null);

    ok(api.append(AUTO, "e", "{\"records\":[{}]}", HEADER, "{\"storage_class\":\"express\"}"));

    assertThat(config(AUTO, "e").get("storage_class").asText()).isEqualTo("standard");
  }

  @Test
  void withoutAutoCreateTheHeaderCreatesNothing() {
    Reply append = api.append(PLAIN, "s", "{\"records\":[{}]}", HEADER, "{\"storage_class\":\"express\"}");

    assertThat(append.status()).as(append.toString()).isEqualTo(404);
    assertThat(append.json().get("code").asText()).isEqualTo("stream_not_found");
  }

  @Test
  void anInvalidHeaderIsBadHeaderOnAppendAndReadAndCreatesNothing() {
    String prefix = "Invalid header `s2-stream-config`: invalid JSON: ";
    for (String bad : new String[] {"{nope", "", "null", "[]", "{\"storage_class\":5}",
        "{\"timestamping\":{\"mode\":\"bogus\"}}", "{\"retention_policy\":{\"age\":-1}}"}) {
      assertBadHeader(api.append(AUTO, "bad", "{\"records\":[{}]}", HEADER, bad), prefix);
      assertBadHeader(api.read(AUTO, "bad", "seq_num=0", HEADER, bad), prefix);
    }
    Reply invalid = api.append(AUTO, "bad", "{\"records\":[{}]}", HEADER, "{\"retention_policy\":{\"age\":0}}");
    assertBadHeader(invalid, "Invalid header `s2-stream-config`: age must be greater than 0 seconds");
    assertBadHeader(api.read(AUTO, "bad", "seq_num=0", HEADER, "{\"retention_policy\":{\"age\":0}}"),
        "Invalid header `s2-stream-config`: age must be greater than 0 seconds");

    Reply missing = api.send("GET", "/v1/streams/bad", null, "s2-basin", AUTO);
    assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
  }

  @Test
  void anInvalidHeaderFailsEvenForExistingStreamsAndWritesNothing() {
    api.createStream(PLAIN, "s", null);

    assertBadHeader(api.append(PLAIN, "s", "{\"records\":[{}]}", HEADER, "{nope"), "Invalid header `s2-stream-config`");
    assertBadHeader(api.read(PLAIN, "s", "seq_num=0", HEADER, "{nope"), "Invalid header `s2-stream-config`");

    assertThat(api.tailSeqNum(PLAIN, "s")).isZero();
  }

  @Test
  void theHeaderIsCheckedAfterTheQueryAndTheKeysLengthButBeforeFormatContentTypeAndBody() {
    api.createStream(PLAIN, "s", null);
    String longKey = "k".repeat(45);

    Reply badQuery = api.read(PLAIN, "s", "seq_num=x", HEADER, "{nope");
    assertThat(badQuery.json().get("code").asText()).as(badQuery.toString()).isEqualTo("bad_query");
    assertBadHeader(api.read(PLAIN, "s", "seq_num=0", HEADER, "{nope", "s2-encryption-key", longKey),
        "Invalid header `s2-encryption-key`");
    assertBadHeader(api.append(PLAIN, "s", "{\"records\":[{}]}", HEADER, "{nope", "s2-encryption-key", longKey),
        "Invalid header `s2-encryption-key`");
    assertBadHeader(api.read(PLAIN, "s", "seq_num=0", HEADER, "{nope", "s2-format", "zzz"),
        "Invalid header `s2-stream-config`");
    assertBadHeader(api.append(PLAIN, "s", "{\"records\":[{}]}", HEADER, "{nope", "s2-format", "zzz"),
        "Invalid header `s2-stream-config`");
    assertBadHeader(api.append(PLAIN, "s", "{\"records\":", HEADER, "{nope"), "Invalid header `s2-stream-config`");
    assertBadHeader(api.appendBytes(PLAIN, "s", bytes("x"), "text/plain", HEADER, "{nope"),
        "Invalid header `s2-stream-config`");
  }
}
