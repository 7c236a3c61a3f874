package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.S2LiteServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every route shares: health, routing, compression, CORS (REFERENCE §2, §3.5, §19.4). */
class HttpSurfaceAcceptanceTest extends AcceptanceTest {

  private static S2LiteServer withoutCors;

  @BeforeAll
  static void startServerWithoutCors() {
    withoutCors = S2LiteServer.builder().port(0).cors(false).housekeepingPeriod(Duration.ZERO).build().start();
  }

  @AfterAll
  static void stopServerWithoutCors() {
    withoutCors.close();
  }

  @Test
  void healthAndPingAnswerOk() {
    for (String path : List.of("/health", "/ping")) {
      Res res = send(Req.get(path).header("accept-encoding", "gzip"));
      res.assertStatus(200);
      assertThat(res.text()).isEqualTo("OK");
      assertThat(res.header("content-encoding")).isNull();
    }
  }

  @Test
  void unknownPathsAre404WithAnEmptyBody() {
    for (String path : List.of("/", "/v1", "/v1/nothing", "/v2/basins", "/v1/basins/", "/v1/basins/my-basin-1/x",
        "/v1/streams/a/b")) {
      Res res = send(Req.get(path).basin("my-basin-1"));
      assertThat(res.status()).as(path).isEqualTo(404);
      assertThat(res.body()).as(path).isEmpty();
    }
  }

  @Test
  void knownPathsWithAnUnsupportedMethodAre405WithAnEmptyBody() {
    for (Req req : List.of(Req.delete("/v1/basins"), Req.put("/v1/basins"), Req.post("/v1/basins/my-basin-1"),
        Req.put("/v1/streams").basin("my-basin-1"), Req.post("/health"), Req.delete("/v1/metrics"))) {
      Res res = send(req);
      assertThat(res.status()).as(req.toString()).isEqualTo(405);
      assertThat(res.body()).as(req.toString()).isEmpty();
    }
  }

  @Test
  void requestsTheHttpLayerRejectsGetAnEmptyBodyNotAnHtmlPage() {
    Res res = send(Req.get("/v1/streams/a%00b").basin("my-basin-1"));

    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body()).isEmpty();
    if (res.protocol().equals("HTTP/1.1")) {
      // The server drops the connection after such a request, so it must tell the client.
      assertThat(res.header("connection")).isEqualTo("close");
    }
    send(Req.get("/health")).assertStatus(200);
  }

  @Test
  void anEncodedSlashStaysInsideOneStreamNameSegment() {
    createBasin("my-basin-1");
    createStream("my-basin-1", "a/b");

    send(Req.get("/v1/streams/a%2Fb").basin("my-basin-1")).assertStatus(200);
    send(Req.get("/v1/streams/a%2fb").basin("my-basin-1")).assertStatus(200);
    send(Req.get("/v1/streams/a").basin("my-basin-1")).assertError(404, "stream_not_found");
  }

  @Test
  void responsesOfAtLeastOneKibibyteAreGzippedWhenTheClientAcceptsIt() {
    createBasin("my-basin-1");
    byte[] identity = send(Req.get("/v1/streams/" + nameForErrorBodyOf(1024)).basin("my-basin-1")).body();
    assertThat(identity).hasSize(1024);

    Res gzipped = send(Req.get("/v1/streams/" + nameForErrorBodyOf(1024)).basin("my-basin-1")
        .header("accept-encoding", "gzip"));

    gzipped.assertStatus(404);
    assertThat(gzipped.header("content-encoding")).isEqualTo("gzip");
    assertThat(gunzip(gzipped.body())).isEqualTo(identity);
  }

  @Test
  void responsesBelowOneKibibyteOrNotAcceptingGzipAreNotCompressed() {
    createBasin("my-basin-1");

    Res small = send(Req.get("/v1/streams/" + nameForErrorBodyOf(1023)).basin("my-basin-1")
        .header("accept-encoding", "gzip"));
    Res identity = send(Req.get("/v1/streams/" + nameForErrorBodyOf(2000)).basin("my-basin-1"));

    assertThat(small.header("content-encoding")).isNull();
    assertThat(small.body()).hasSize(1023);
    assertThat(identity.header("content-encoding")).isNull();
    assertThat(identity.body()).hasSize(2000);
    assertThat(identity.json().get("code").asText()).isEqualTo("stream_not_found");
  }

  @Test
  void largeSuccessfulResponsesAreCompressedWithGzipOrZstd() {
    for (int i = 0; i < 20; i++) {
      send(Req.put("/v1/basins/basin-number-" + i)).assertStatus(201);
    }
    Res identity = send(Req.get("/v1/basins"));
    assertThat(identity.body().length).isGreaterThan(1024);

    Res gzipped = send(Req.get("/v1/basins").header("accept-encoding", "gzip"));
    Res zstd = send(Req.get("/v1/basins").header("accept-encoding", "zstd"));

    assertThat(gzipped.header("content-encoding")).isEqualTo("gzip");
    assertThat(gunzip(gzipped.body())).isEqualTo(identity.body());
    assertThat(zstd.header("content-encoding")).isEqualTo("zstd");
    assertThat(Zstd.decompress(zstd.body(), identity.body().length)).isEqualTo(identity.body());
  }

  @Test
  void theCompressionFollowsTheAcceptEncodingQValuesAsLiteDoes() {
    for (int i = 0; i < 20; i++) {
      send(Req.put("/v1/basins/basin-number-" + i)).assertStatus(201);
    }

    assertThat(contentEncoding("gzip, zstd")).isEqualTo("zstd");
    assertThat(contentEncoding("zstd;q=0.5, gzip")).isEqualTo("gzip");
    assertThat(contentEncoding("gzip;q=0.8, zstd;q=0.799")).isEqualTo("gzip");
    assertThat(contentEncoding("GZIP")).isEqualTo("gzip");
    assertThat(contentEncoding("x-gzip")).isEqualTo("gzip");
    assertThat(contentEncoding("br, gzip;Q=0.1")).isEqualTo("gzip");
    assertThat(contentEncoding("gzip;q=0")).isNull();
    assertThat(contentEncoding("gzip;q=0.000, zstd;q=0")).isNull();
    assertThat(contentEncoding("identity, gzip;q=0.5")).isNull();
    assertThat(contentEncoding("gzip;q=2, zstd;q=high")).isNull();
    assertThat(contentEncoding("br, deflate")).isNull();
  }

  private String contentEncoding(String acceptEncoding) {
    Res res = send(Req.get("/v1/basins").header("accept-encoding", acceptEncoding));
    res.assertStatus(200);
    return res.header("content-encoding");
  }

  @Test
  void gzipAndZstdRequestBodiesAreAccepted() {
    byte[] create = Json.quotes("{'basin': 'gzip-basin-1', 'config': {'create_stream_on_read': true}}")
        .getBytes(StandardCharsets.UTF_8);
    send(Req.post("/v1/basins").header("content-type", "application/json").header("content-encoding", "gzip")
        .body(gzip(create))).assertStatus(201);
    assertThat(basinConfig("gzip-basin-1").get("create_stream_on_read").asBoolean()).isTrue();

    byte[] ensure = Json.quotes("{'config': {'create_stream_on_append': true}}").getBytes(StandardCharsets.UTF_8);
    send(Req.put("/v1/basins/zstd-basin-1").header("content-type", "application/json")
        .header("content-encoding", "zstd").body(Zstd.compress(ensure))).assertStatus(201);
    assertThat(basinConfig("zstd-basin-1").get("create_stream_on_append").asBoolean()).isTrue();

    byte[] patch = Json.quotes("{'storage_class': 'standard'}").getBytes(StandardCharsets.UTF_8);
    createStream("zstd-basin-1", "events");
    send(Req.patch("/v1/streams/events").basin("zstd-basin-1").header("content-type", "application/json")
        .header("content-encoding", "gzip").body(gzip(patch))).assertStatus(200);
    assertThat(streamConfig("zstd-basin-1", "events").get("storage_class").asText()).isEqualTo("standard");
  }

  @Test
  void corsEchoesTheOriginAndAllowsCredentialsOnEveryResponse() {
    for (Req req : List.of(Req.get("/v1/basins"), Req.get("/v1/basins/my-basin-1"), Req.get("/health"))) {
      Res res = send(req.header("origin", "http://app.example"));
      assertThat(res.header("access-control-allow-origin")).as(req.toString()).isEqualTo("http://app.example");
      assertThat(res.header("access-control-allow-credentials")).as(req.toString()).isEqualTo("true");
    }
  }

  @Test
  void withoutAnOriginCorsStillAllowsCredentialsButEchoesNoOrigin() {
    // s2-lite's layer sends credentials and Vary on every response, the origin only when given.
    Res res = send(Req.get("/v1/basins"));

    assertThat(res.header("access-control-allow-credentials")).isEqualTo("true");
    assertThat(res.header("access-control-allow-origin")).isNull();
  }

  @Test
  void corsPreflightsAreAnsweredWithTheRequestedMethodAndHeaders() {
    Res res = send(Req.method("OPTIONS", "/v1/streams/events")
        .header("origin", "http://app.example")
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "content-type,s2-basin"));

    res.assertStatus(200);
    assertThat(res.header("access-control-allow-origin")).isEqualTo("http://app.example");
    assertThat(res.header("access-control-allow-credentials")).isEqualTo("true");
    assertThat(res.header("access-control-allow-methods")).isEqualTo("PATCH");
    assertThat(res.header("access-control-allow-headers")).isEqualTo("content-type,s2-basin");
  }

  @Test
  void withCorsOffNoCorsHeadersAreSent() {
    Res get = transport.send(withoutCors.endpoint(), Req.get("/v1/basins").header("origin", "http://app.example"));
    Res preflight = transport.send(withoutCors.endpoint(), Req.method("OPTIONS", "/v1/basins")
        .header("origin", "http://app.example").header("access-control-request-method", "POST"));

    get.assertStatus(200);
    assertThat(preflight.status()).isNotEqualTo(200);
    for (Res res : List.of(get, preflight)) {
      assertThat(res.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }
  }

  @Test
  void theAuthorizationHeaderIsIgnored() {
    send(Req.post("/v1/basins").header("authorization", "Bearer not-a-real-token").json("{'basin': 'my-basin-1'}"))
        .assertStatus(201);
  }

  /**
   * A percent-encoded stream name whose {@code stream_not_found} error body is exactly
   * {@code size} bytes: each U+0001 is escaped as six bytes in the JSON message.
   */
  private String nameForErrorBodyOf(int size) {
    int base = send(Req.get("/v1/streams/x").basin("my-basin-1")).body().length;
    int extra = size - base;
    return "x" + "%01".repeat(extra / 6) + "x".repeat(extra % 6);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
