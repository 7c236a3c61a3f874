package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets s2-lite's status and {@code code} (never a 500) and leaves the stored state as it
 * was (REFERENCE §2.9, §3.3, §4, §9.1).
 */
class BadInputAcceptanceTest extends AcceptanceTest {

  private static final String BASIN = "my-basin-1";
  private static final String NEW_BASIN = "new-basin-1";

  @BeforeEach
  void someState() {
    createBasin(BASIN, "{'create_stream_on_append': true, 'default_stream_config': {'storage_class': 'standard'}}");
    createStream(BASIN, "events", "{'retention_policy': {'age': 3600}}");
  }

  @Test
  void malformedOrMissingCreateBasinBodiesAreBadJson() {
    String message = rejected(Req.post("/v1/basins").body("{'basin': 'new-basin-1'}".replace('\'', '"')),
        400, "bad_json");
    assertThat(message).isEqualTo("Expected request with `Content-Type: application/json`");
    rejected(Req.post("/v1/basins").header("content-type", "text/plain").body("{}"), 400, "bad_json");
    rejected(Req.post("/v1/basins").header("content-type", "application/json;charset=utf-8, text/plain")
        .body("{"), 400, "bad_json");
    for (String body : List.of("", "{", "{'basin': 'new-basin-1'", "[]", "'new-basin-1'", "null", "42",
        "{'basin': 'new-basin-1'} trailing", "{'basin': 'new-basin-1', 'basin': 'new-basin-2'}")) {
      rejected(Req.post("/v1/basins").json(body), 400, "bad_json");
    }
  }

  @Test
  void wrongTypesAndMissingFieldsInCreateBasinAreBadJson() {
    for (String body : List.of("{}", "{'basin': null}", "{'basin': 12345678}", "{'basin': ['new-basin-1']}",
        "{'basin': 'new-basin-1', 'config': 'defaults'}", "{'basin': 'new-basin-1', 'config': []}",
        "{'basin': 'new-basin-1', 'config': {'create_stream_on_append': null}}",
        "{'basin': 'new-basin-1', 'config': {'create_stream_on_read': null}}",
        "{'basin': 'new-basin-1', 'config': {'create_stream_on_append': 'yes'}}",
        "{'basin': 'new-basin-1', 'config': {'default_stream_config': 7}}",
        "{'basin': 'new-basin-1', 'location': 42}")) {
      rejected(Req.post("/v1/basins").json(body), 400, "bad_json");
    }
  }

  @Test
  void unknownEnumStringsAreBadJson() {
    for (String config : List.of("{'stream_cipher': 'rot13'}",
        "{'default_stream_config': {'storage_class': 5}}",
        "{'default_stream_config': {'timestamping': {'mode': 'sometimes'}}}",
        "{'default_stream_config': {'retention_policy': {'forever': {}}}}",
        "{'default_stream_config': {'retention_policy': 'infinite'}}")) {
      rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'config': " + config + "}"), 400, "bad_json");
      rejected(Req.put("/v1/basins/" + BASIN).json("{'config': " + config + "}"), 400, "bad_json");
    }
    rejected(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 'rot13'}"), 400, "bad_json");
    rejected(Req.patch("/v1/streams/events").basin(BASIN).json("{'storage_class': ['premium']}"), 400, "bad_json");
    rejected(Req.put("/v1/streams/events").basin(BASIN).json("{'timestamping': {'mode': 'never'}}"), 400, "bad_json");
  }

  @Test
  void badValuesAreDescribedInSerdeJsonsWordsWithTheirPosition() {
    assertThat(rejected(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 'rot13'}"), 400, "bad_json"))
        .isEqualTo("unknown variant `rot13`, expected `aegis-256` or `aes-256-gcm` at line 1 column 25");
    assertThat(rejected(Req.patch("/v1/streams/events").basin(BASIN).json("{'storage_class': 5}"), 400, "bad_json"))
        .isEqualTo("invalid type: integer `5`, expected a string at line 1 column 19");
    assertThat(rejected(Req.put("/v1/streams/events").basin(BASIN).json("{'timestamping': {'mode': 'never'}}"),
        400, "bad_json"))
        .isEqualTo("unknown variant `never`, expected one of `client-prefer`, `client-require`, `arrival`"
            + " at line 1 column 33");
    assertThat(rejected(Req.put("/v1/streams/events").basin(BASIN).json("{'retention_policy': {'forever': {}}}"),
        400, "bad_json"))
        .isEqualTo("unknown variant `forever`, expected `age` or `infinite` at line 1 column 31");
    assertThat(rejected(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 256}"), 400, "bad_json"))
        .isEqualTo("invalid type: integer `256`, expected an encryption algorithm string at line 1 column 21");
    // Lines count too: the position is where the value ends on its line.
    assertThat(rejected(Req.patch("/v1/streams/events").basin(BASIN).json("{\n  'retention_policy': {'age': -3}\n}"),
        400, "bad_json"))
        .isEqualTo("invalid value: integer `-3`, expected u64 at line 2 column 32");
  }

  @Test
  void syntaxErrorsAreDescribedInSerdeJsonsWordsWithTheirPosition() {
    assertThat(rejected(Req.post("/v1/basins").json(""), 400, "bad_json"))
        .isEqualTo("EOF while parsing a value at line 1 column 0");
    assertThat(rejected(Req.post("/v1/basins").json("not json"), 400, "bad_json"))
        .isEqualTo("expected ident at line 1 column 2");
    assertThat(rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1',}"), 400, "bad_json"))
        .isEqualTo("trailing comma at line 1 column 25");
    assertThat(rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'basin': 'new-basin-2'}"),
        400, "bad_json"))
        .isEqualTo("duplicate field `basin` at line 1 column 32");
    assertThat(rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1'} x"), 400, "bad_json"))
        .isEqualTo("trailing characters at line 1 column 26");
    assertThat(rejected(Req.post("/v1/basins").json("{'basin': '\\ud800'}"), 400, "bad_json"))
        .isEqualTo("unexpected end of hex escape at line 1 column 18");
    assertThat(rejected(Req.post("/v1/basins").json("{'basin': '\\udc00'}"), 400, "bad_json"))
        .isEqualTo("lone leading surrogate in hex escape at line 1 column 17");
    assertThat(rejected(Req.put("/v1/basins/" + NEW_BASIN).json("null"), 400, "bad_json"))
        .isEqualTo("invalid type: null, expected struct EnsureBasinRequest at line 1 column 4");
  }

  @Test
  void wrongNumbersInStreamConfigsAreBadJson() {
    for (String config : List.of("{'retention_policy': {'age': -1}}", "{'retention_policy': {'age': 1.5}}",
        "{'retention_policy': {'age': '60'}}", "{'retention_policy': {'age': 18446744073709551616}}",
        "{'retention_policy': {'age': 60, 'infinite': {}}}", "{'delete_on_empty': {'min_age_secs': -5}}",
        "{'delete_on_empty': 60}", "{'timestamping': {'uncapped': 'yes'}}", "{'timestamping': 'arrival'}")) {
      rejected(Req.put("/v1/streams/events").basin(BASIN).json(config), 400, "bad_json");
      rejected(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'new', 'config': " + config + "}"),
          400, "bad_json");
      rejected(Req.patch("/v1/streams/events").basin(BASIN).json(config), 400, "bad_json");
    }
  }

  @Test
  void invalidNamesInBodiesAreBadJson() {
    for (String name : List.of("short", "Upper-case", "under_score", "-leading", "trailing-", "a".repeat(49))) {
      rejected(Req.post("/v1/basins").json("{'basin': '" + name + "'}"), 400, "bad_json");
    }
    for (String name : List.of("", ".", "..", "x".repeat(513), "\u00e9".repeat(257))) {
      rejected(Req.post("/v1/streams").basin(BASIN).json("{'stream': '" + name + "'}"), 400, "bad_json");
    }
    rejected(Req.post("/v1/streams").basin(BASIN).json("{}"), 400, "bad_json");
    rejected(Req.post("/v1/streams").basin(BASIN).json("{'stream': 5}"), 400, "bad_json");
    rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'location': 'not a location!'}"), 400, "bad_json");
  }

  @Test
  void aZeroRetentionAgeIsInvalid() {
    String zero = "{'retention_policy': {'age': 0}}";
    String message = rejected(Req.put("/v1/streams/events").basin(BASIN).json(zero), 422, "invalid");
    assertThat(message).isEqualTo("age must be greater than 0 seconds");
    rejected(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'new', 'config': " + zero + "}"), 422, "invalid");
    rejected(Req.patch("/v1/streams/events").basin(BASIN).json(zero), 422, "invalid");
    rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'config': {'default_stream_config': " + zero + "}}"),
        422, "invalid");
    rejected(Req.put("/v1/basins/" + BASIN).json("{'config': {'default_stream_config': " + zero + "}}"), 422, "invalid");
    rejected(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': " + zero + "}"), 422, "invalid");
  }

  @Test
  void jsonBodiesNeedAJsonContentType() {
    rejected(Req.patch("/v1/basins/" + BASIN).body("{}"), 400, "bad_json");
    rejected(Req.patch("/v1/basins/" + BASIN).header("content-type", "text/json").body("{}"), 400, "bad_json");
    rejected(Req.patch("/v1/streams/events").basin(BASIN).body("{}"), 400, "bad_json");
    rejected(Req.post("/v1/streams").basin(BASIN).body("{'stream': 'new'}".replace('\'', '"')), 400, "bad_json");
    rejected(Req.put("/v1/streams/events").basin(BASIN).header("content-type", "application/x-www-form-urlencoded")
        .body("storage_class=express"), 400, "bad_json");
    rejected(Req.patch("/v1/basins/" + BASIN).header("content-type", "application/json").body(""), 400, "bad_json");
  }

  @Test
  void aJsonSuffixContentTypeWithParametersIsJson() {
    send(Req.patch("/v1/basins/" + BASIN).header("content-type", "application/merge-patch+json; charset=utf-8")
        .body("{\"create_stream_on_read\": true}")).assertStatus(200);

    assertThat(basinConfig(BASIN).get("create_stream_on_read").asBoolean()).isTrue();
  }

  @Test
  void anOverLongRequestTokenIsBadHeader() {
    String token = "t".repeat(37);
    String message = rejected(Req.post("/v1/basins").header("s2-request-token", token)
        .json("{'basin': 'new-basin-1'}"), 400, "bad_header");
    assertThat(message).isEqualTo(
        "Invalid header `s2-request-token`: request token was longer than 36 bytes in length: 37");
    rejected(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", token).json("{'stream': 'new'}"),
        400, "bad_header");

    send(Req.post("/v1/basins").header("s2-request-token", "t".repeat(36)).json("{'basin': 'new-basin-1'}"))
        .assertStatus(201);
  }

  @Test
  void aBodyOverTheTwoMebibyteLimitIsBadJson() {
    String padding = "x".repeat(2 * 1024 * 1024);
    rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'padding': '" + padding + "'}"), 400, "bad_json");
  }

  @Test
  void pathologicalJsonIsBadJsonNotAServerError() {
    rejected(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'x': " + "[".repeat(100_000) + "}"), 400, "bad_json");
    rejected(Req.patch("/v1/streams/events").basin(BASIN)
        .json("{'retention_policy': {'age': " + "9".repeat(5000) + "}}"), 400, "bad_json");
    rejected(Req.patch("/v1/streams/events").basin(BASIN).json("{'retention_policy': {'age': 1e999999}}"), 400, "bad_json");
    byte[] notUtf8 = {'{', '"', 'b', 'a', 's', 'i', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    rejected(Req.post("/v1/basins").header("content-type", "application/json").body(notUtf8), 400, "bad_json");
    rejected(Req.post("/v1/basins").header("content-type", "application/json").header("content-encoding", "gzip")
        .body("not gzip at all"), 400, "bad_json");
  }

  @Test
  void unknownFieldsInApiBodiesAreIgnored() {
    send(Req.post("/v1/basins").json("{'basin': 'new-basin-1', 'scope': 'aws:us-east-1', 'color': 'blue',"
        + " 'config': {'sparkles': true}}")).assertStatus(201);
    send(Req.patch("/v1/streams/events").basin(BASIN).json("{'sparkles': true}")).assertStatus(200);
  }

  @Test
  void anUnsupportedContentEncodingIs415() {
    rejected(Req.post("/v1/basins").header("content-encoding", "br").json("{'basin': 'new-basin-1'}"), 415);
  }

  /** Sends a request that must fail with this error and leave the basins and streams as they were. */
  private String rejected(Req req, int status, String code) {
    JsonNode before = state();
    String message = send(req).assertError(status, code);
    assertThat(state()).as("state after %s", req).isEqualTo(before);
    return message;
  }

  private void rejected(Req req, int status) {
    JsonNode before = state();
    send(req).assertStatus(status);
    assertThat(state()).as("state after %s", req).isEqualTo(before);
  }

  private JsonNode state() {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.set("basins", listBasins(""));
    state.set("basin", basinConfig(BASIN));
    state.set("streams", listStreams(BASIN, ""));
    state.set("stream", streamConfig(BASIN, "events"));
    state.set("new-basin", send(Req.get("/v1/basins/" + NEW_BASIN)).json());
    return state;
  }
}
