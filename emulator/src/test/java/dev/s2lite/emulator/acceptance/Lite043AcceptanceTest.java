package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.TestClock;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What s2-lite 0.43.4 does where the emulator used to differ: found by probing it
 * ({@code ../shared/s2-api/LITE-0.43.md} and issue 8).
 */
class Lite043AcceptanceTest extends AcceptanceTest {

  private static final String BASIN = "my-basin-1";

  @BeforeEach
  void aBasinAndAStream() {
    createBasin(BASIN, "{'create_stream_on_append': true}");
    createStream(BASIN, "events", "null");
  }

  // --- the HTTP surface ---

  @Test
  void headRunsTheGetRouteWithoutTheBody() {
    Res existing = send(Req.method("HEAD", "/v1/basins/" + BASIN));
    Res missing = send(Req.method("HEAD", "/v1/basins/no-such-basin"));
    Res unknownRoute = send(Req.method("HEAD", "/v1/nothing-here"));

    existing.assertStatus(200);
    assertThat(existing.header("content-type")).isEqualTo("application/json");
    assertThat(existing.body()).isEmpty();
    missing.assertStatus(404);
    assertThat(missing.body()).isEmpty();
    unknownRoute.assertStatus(404);
  }

  @Test
  void aHeadOfAReadSessionSendsItsHeadersAndEnds() {
    Res res = send(Req.method("HEAD", "/v1/streams/events/records?seq_num=0").basin(BASIN)
        .header("accept", "text/event-stream"));

    res.assertStatus(200);
    assertThat(res.header("content-type")).startsWith("text/event-stream");
    assertThat(res.body()).isEmpty();
  }

  @Test
  void aMalformedEscapeInAQueryValueIsKeptAsTextAndSoRejected() throws IOException {
    // Written on a socket: HTTP clients refuse to send such a URI.
    assertThat(rawGet("/v1/basins?prefix=%zz")).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_query\"", "prefix");
    assertThat(rawGet("/v1/basins?limit=%zz")).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_query\"", "limit");
    assertThat(rawGet("/v1/streams/events/records?seq_num=%zz")).startsWith("HTTP/1.1 400 ")
        .contains("\"code\":\"bad_query\"", "seq_num");
    assertThat(rawGet("/v1/streams/events/records?count=%zz")).startsWith("HTTP/1.1 400 ")
        .contains("\"code\":\"bad_query\"", "count");
    // Any text is a valid stream prefix: "%zz" itself, which nothing here starts with.
    assertThat(rawGet("/v1/streams?prefix=%zz")).startsWith("HTTP/1.1 200 ").endsWith("{\"streams\":[],\"has_more\":false}");
  }

  /** A GET on a raw HTTP/1.1 connection (with the basin header): the whole response as text. */
  private static String rawGet(String pathAndQuery) throws IOException {
    return rawGet(pathAndQuery, "");
  }

  private static String rawGet(String pathAndQuery, String moreHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
          + "\r\n" + moreHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void largeHeadersAreServedUpToLitesLimit() {
    send(Req.get("/v1/basins").header("x-padding", "a".repeat(20_000))).assertJson(200);
    send(Req.get("/v1/basins").header("x-padding", "a".repeat(300_000))).assertJson(200);
  }

  @Test
  void moreThanOneHundredHeadersAre431OnHttp1() throws IOException {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      headers.append("x-h").append(i).append(": v\r\n");
    }
    assertThat(rawGet("/health", headers.toString())).startsWith("HTTP/1.1 431 ");
    assertThat(rawGet("/health", "x-few: v\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void anEmptyIntegerQueryValueIsBadQueryAsRustWordsIt() {
    assertThat(send(Req.get("/v1/basins?limit=")).assertError(400, "bad_query"))
        .isEqualTo("Failed to deserialize query string: limit: cannot parse integer from empty string");
  }

  @Test
  void badJsonPositionsFollowSerdeForOwnRulesEnumsAndTuples() {
    assertThat(send(Req.post("/v1/basins").json("{'basin': 'short'}")).assertError(400, "bad_json"))
        .isEqualTo("basin name should be at least 8 bytes in length at line 1 column 18");
    assertThat(send(Req.post("/v1/basins").json("{'basin': 'new-basin-2', 'location': 'not a location!'}"))
        .assertError(400, "bad_json"))
        .isEqualTo("location name must comprise ASCII letters, numbers, colons, hyphens, and periods"
            + " at line 1 column 55");
    assertThat(send(Req.put("/v1/streams/other").basin(BASIN).json("{'retention_policy': 'infinite'}"))
        .assertError(400, "bad_json"))
        .isEqualTo("invalid type: unit variant, expected newtype variant at line 1 column 32");
    assertThat(send(Req.put("/v1/streams/other").basin(BASIN).json("{'retention_policy': {'age': 5, 'infinite': {}}}"))
        .assertError(400, "bad_json")).isEqualTo("expected value at line 1 column 30");
    assertThat(send(Req.put("/v1/streams/other").basin(BASIN).json("{'retention_policy': {}}"))
        .assertError(400, "bad_json")).isEqualTo("expected value at line 1 column 23");
    assertThat(send(Req.post("/v1/streams/events/records").basin(BASIN).json("{'records': [{'headers': [['a']]}]}"))
        .assertError(400, "bad_json"))
        .isEqualTo("invalid length 1, expected tuple struct Header with 2 elements at line 1 column 31");
    assertThat(send(Req.post("/v1/streams/events/records").basin(BASIN)
        .json("{'records': [{'headers': [['a', 'b', 'c']]}]}")).assertError(400, "bad_json"))
        .isEqualTo("trailing characters at line 1 column 38");
    assertThat(send(Req.post("/v1/streams/events/records").basin(BASIN)
        .json("{'records': [{'body': 'x'}], 'fencing_token': '" + "t".repeat(40) + "'}")).assertError(400, "bad_json"))
        .isEqualTo("fencing token must not exceed 36 bytes in length at line 1 column 89");
  }

  @Test
  void timestampsHaveNanosecondsWithTrailingZerosDropped() {
    TestClock clock = new TestClock(Instant.parse("2026-11-29T08:34:07.309221730Z"));
    try (S2LiteServer atANanosecond = S2LiteServer.builder().clock(clock).build().start()) {
      Res created = transport.send(atANanosecond.endpoint(), Req.post("/v1/basins").json("{'basin': 'nano-basin'}"));

      assertThat(created.assertJson(201).get("created_at").asText()).isEqualTo("2026-11-29T08:34:07.30922173Z");
    }
  }

  // --- bodies ---

  @Test
  void base64WithoutPaddingOrWithTrailingBitsIsInvalid() {
    for (String body : List.of("eA", "eB==", "e===")) {
      String message = send(Req.post("/v1/streams/events/records").basin(BASIN).header("s2-format", "base64")
          .json("{'records': [{'body': '" + body + "'}]}")).assertError(422, "invalid");
      assertThat(message).isEqualTo("invalid Base64 encoding");
    }
    send(Req.post("/v1/streams/events/records").basin(BASIN).header("s2-format", "base64")
        .json("{'records': [{'body': 'eA=='}]}")).assertJson(200);
  }

  @Test
  void aLoneSurrogateInAJsonStringIsBadJsonAndNothingIsStored() {
    String message = send(Req.post("/v1/streams/events/records").basin(BASIN)
        .json("{'records': [{'body': '\\ud800'}]}")).assertError(400, "bad_json");

    assertThat(message).isEqualTo("unexpected end of hex escape at line 1 column 30");
    send(Req.get("/v1/streams/events/records?seq_num=0").basin(BASIN)).assertStatus(416);
  }

  @Test
  void storageClassIsAnyString() {
    for (String storageClass : List.of("gold", "", "Standard", "with spaces é")) {
      JsonNode created = send(Req.put("/v1/streams/sc-" + Math.abs(storageClass.hashCode())).basin(BASIN)
          .json("{'storage_class': '" + storageClass + "'}")).assertJson(201);
      assertThat(created.get("name").asText()).startsWith("sc-");
      JsonNode config = send(Req.get("/v1/streams/sc-" + Math.abs(storageClass.hashCode())).basin(BASIN))
          .assertJson(200);
      assertThat(config.get("storage_class").asText()).isEqualTo(storageClass);
    }
    assertThat(send(Req.put("/v1/streams/sc-bad").basin(BASIN).json("{'storage_class': 5}"))
        .assertError(400, "bad_json")).startsWith("invalid type: integer `5`, expected a string");
    assertThat(send(Req.get("/v1/streams/events").basin(BASIN)).assertJson(200).get("storage_class").asText())
        .isEqualTo("express");
  }

  @Test
  void nulInStreamNamesAndPrefixesIsRejected() {
    assertThat(send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'a\\u0000b'}"))
        .assertError(400, "bad_json")).isEqualTo("stream name must not contain NUL bytes at line 1 column 22");
    assertThat(send(Req.get("/v1/streams?prefix=a%00b").basin(BASIN)).assertError(400, "bad_query"))
        .isEqualTo("Failed to deserialize query string: prefix: stream prefix must not contain NUL bytes");
    assertThat(send(Req.get("/v1/streams?start_after=a%00b").basin(BASIN)).assertError(400, "bad_query"))
        .isEqualTo("Failed to deserialize query string: start_after: stream start-after must not contain NUL bytes");
    send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'a\\tb'}")).assertJson(201);
  }

  // --- reads ---

  @Test
  void aZeroCountOrBytesReadIsEmptyAtOnceWhereverItStarts() {
    for (String query : List.of("seq_num=5&count=0", "seq_num=0&count=0", "seq_num=99&bytes=0&wait=60",
        "timestamp=0&count=0")) {
      assertThat(send(Req.get("/v1/streams/events/records?" + query).basin(BASIN)).assertJson(200).toString())
          .as(query).isEqualTo("{\"records\":[]}");
    }
    Res sse = send(Req.get("/v1/streams/events/records?seq_num=9&count=0").basin(BASIN)
        .header("accept", "text/event-stream"));
    sse.assertStatus(200);
    assertThat(sse.text()).isEqualTo("data: [DONE]\n\n");
  }

  @Test
  void aTimestampStartThatResolvesToTheTailIs416WhenTheReadCannotFollow() {
    for (String query : List.of("timestamp=0", "timestamp=0&clamp=true", "timestamp=0&count=5")) {
      Res res = send(Req.get("/v1/streams/events/records?" + query).basin(BASIN));
      res.assertStatus(416);
      assertThat(res.json().get("tail").get("seq_num").asLong()).isZero();
    }
    send(Req.get("/v1/streams/events/records?timestamp=0&count=5").basin(BASIN)
        .header("accept", "text/event-stream")).assertStatus(416);
    assertThat(send(Req.get("/v1/streams/events/records?timestamp=0&wait=1").basin(BASIN)).assertJson(200)
        .get("records")).isEmpty();
  }

  @Test
  void sseEventIdsCountOnFromLastEventId() {
    send(Req.post("/v1/streams/events/records").basin(BASIN)
        .json("{'records': [{'body': 'r0'}, {'body': 'r1'}, {'body': 'r2'}, {'body': 'r3'}, {'body': 'r4'}]}"))
        .assertJson(200);

    Res res = send(Req.get("/v1/streams/events/records?seq_num=0&count=5&wait=0").basin(BASIN)
        .header("accept", "text/event-stream").header("last-event-id", "2,3,45"));

    res.assertStatus(200);
    // Records 3 and 4 (10 metered bytes each) on top of the 3 records and 45 bytes already delivered.
    assertThat(res.text()).contains("id: 4,5,65\n").endsWith("data: [DONE]\n\n");
  }
}
