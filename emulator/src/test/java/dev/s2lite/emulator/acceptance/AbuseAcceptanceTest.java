package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2lite.emulator.S2LiteServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave on purpose: stalled bodies, slow headers, oversized and malformed
 * requests, request smuggling shapes. After each, the server still answers {@code /health} and
 * another client's append and read round trip, and what was stored is intact.
 */
class AbuseAcceptanceTest {

  /** Short, so stalled requests end within the test. */
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
  /** How long a well-behaved request may take while the abuse goes on: far beyond normal, far below a freeze. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
  private static final String BASIN = "abuse-basin";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger ROUND_TRIPS = new AtomicInteger();

  private static S2LiteServer server;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = S2LiteServer.builder().requestBodyTimeout(BODY_TIMEOUT).build().start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(ANSWER_WITHIN).build();
    HttpResponse<String> created = send("POST", "/v1/basins", null,
        "{\"basin\":\"" + BASIN + "\",\"config\":{\"create_stream_on_append\":true}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // --- stalled bodies ---

  @Test
  void twoThousandStalledBodiesLeaveOtherClientsServedAndEachEndsWith408AfterTheBodyTimeout() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        Socket s = connect();
        write(s, "POST /v1/streams/stalled/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
            + "\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{");
        stalled.add(s);
      }

      assertServing();

      for (Socket s : stalled) {
        String response = readUntilClosed(s, BODY_TIMEOUT.plus(ANSWER_WITHIN));
        assertThat(response).startsWith("HTTP/1.1 408 ").contains("\"code\":\"request_timeout\"");
      }
    } finally {
      closeAll(stalled);
    }
    assertServing();
  }

  @Test
  void threeHundredStalledH2cStreamsLeaveOtherClientsServedAndEachEnds() throws Exception {
    OkHttpClient h2c = new OkHttpClient.Builder()
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .dispatcher(dispatcher(400))
        .retryOnConnectionFailure(false)
        .readTimeout(ANSWER_WITHIN.plus(BODY_TIMEOUT))
        .build();
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        h2c.newCall(new Request.Builder().url(server.endpoint() + "/v1/streams/stalled/records")
                .header("s2-basin", BASIN)
                .post(stalledBody(release)).build())
            .enqueue(new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                outcome.complete(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                outcome.complete(response.code());
                response.close();
              }
            });
        calls.add(outcome);
      }
      Thread.sleep(500);

      assertServing();
    } finally {
      // The stalled bodies go on only once the server has given up on them.
      Thread.sleep(BODY_TIMEOUT.toMillis());
      release.countDown();
    }
    for (CompletableFuture<Object> call : calls) {
      Object outcome = call.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
      if (outcome instanceof Integer status) {
        assertThat(status).isEqualTo(408);
      }
    }
    h2c.dispatcher().executorService().shutdown();
    h2c.connectionPool().evictAll();
    assertServing();
  }

  @Test
  void fiveHundredSlowHeaderSendersLeaveOtherClientsServed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        Socket s = connect();
        write(s, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        slow.add(s);
      }
      for (Socket s : slow) {
        write(s, "a");
      }

      assertServing();

      // One of them finishes its request: it is served like any other.
      write(slow.get(0), "\r\nConnection: close\r\n\r\n");
      assertThat(readUntilClosed(slow.get(0), ANSWER_WITHIN)).startsWith("HTTP/1.1 200 ").endsWith("OK");
    } finally {
      closeAll(slow);
    }
    assertServing();
  }

  @Test
  void oversizedRequestsAreRefusedAndTheServerGoesOn() throws Exception {
    String big = "{\"records\":[{\"body\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}]}";
    HttpResponse<String> body = send("POST", "/v1/streams/checks/records", BASIN, big);
    assertThat(body.statusCode()).isEqualTo(400);
    assertThat(body.body()).contains("\"code\":\"bad_json\"", "length limit exceeded");
    assertServing();

    assertThat(exchange("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "h".repeat(500 * 1024)
        + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
    assertServing();

    assertThat(exchange("GET /health?" + "q".repeat(500 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .matches("(?s)HTTP/1.1 (414|431) .*");
    assertServing();

    StringBuilder manyHeaders = new StringBuilder("GET /health HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 200; i++) {
      manyHeaders.append("X-").append(i).append(": v\r\n");
    }
    assertThat(exchange(manyHeaders.append("\r\n").toString())).startsWith("HTTP/1.1 431 ");
    assertServing();
  }

  @Test
  void malformedRequestsAreRefusedWithA400AndTheServerGoesOn() throws Exception {
    List<String> malformed = List.of(
        "\u0000\u0001\u0002\u00ff garbage\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
        "GET\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\n\r\n",
        "POST /v1/streams/checks/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
            + "\r\ncontent-type: application/json\r\nContent-Length: -5\r\n\r\n",
        "POST /v1/streams/checks/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
            + "\r\ncontent-type: application/json\r\nContent-Length: lots\r\n\r\n",
        "POST /v1/streams/checks/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
            + "\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "POST /v1/streams/checks/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
            + "\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n");
    for (String request : malformed) {
      String response = exchange(request);
      assertThat(response).as(request).matches("(?s)HTTP/1.1 (4\\d\\d|505) .*");
      assertServing();
    }
  }

  @Test
  void requestSmugglingShapesAreRefusedAndSmuggleNothingIn() throws Exception {
    String smuggled = "POST /v1/streams/smuggled/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
        + "\r\ncontent-type: application/json\r\nContent-Length: 33\r\n\r\n{\"records\":[{\"body\":\"sneaky\"}]}";
    String head = "POST /v1/streams/checks/records HTTP/1.1\r\nHost: localhost\r\ns2-basin: " + BASIN
        + "\r\ncontent-type: application/json\r\n";
    List<String> shapes = List.of(
        // CL.TE: a front end honouring Content-Length would pass the smuggled request on as body.
        head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
        // TE.CL
        head + "Transfer-Encoding: chunked\r\nContent-Length: 200\r\n\r\n0\r\n\r\n" + smuggled,
        // two different lengths
        head + "Content-Length: 2\r\nContent-Length: 150\r\n\r\n{}" + smuggled,
        // obfuscated Transfer-Encoding
        head + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + smuggled,
        head + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + smuggled,
        head + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n" + smuggled,
        head + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n" + smuggled,
        head + "X-Pad: a\r\n Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
    for (String request : shapes) {
      String response = exchange(request);
      assertThat(response).as(request).doesNotContain("HTTP/1.1 5");
      assertThat(response.split("HTTP/1.1 2\\d\\d", -1)).as("at most one request served: " + request)
          .hasSizeLessThanOrEqualTo(2);
      assertServing();
    }
    HttpResponse<String> smuggledStream = send("GET", "/v1/streams/smuggled/records?seq_num=0", BASIN, null);
    assertThat(smuggledStream.statusCode()).as(smuggledStream.body()).isEqualTo(404);
  }

  // --- helpers ---

  private static okhttp3.Dispatcher dispatcher(int maxRequests) {
    okhttp3.Dispatcher d = new okhttp3.Dispatcher();
    d.setMaxRequests(maxRequests);
    d.setMaxRequestsPerHost(maxRequests);
    return d;
  }

  /** 1000 bytes announced, one sent, then nothing until {@code release}. */
  private static RequestBody stalledBody(CountDownLatch release) {
    return new RequestBody() {
      @Override
      public okhttp3.MediaType contentType() {
        return okhttp3.MediaType.get("application/json");
      }

      @Override
      public long contentLength() {
        return 1000;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8("{");
        sink.flush();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sink.writeUtf8(" ".repeat(999));
      }
    };
  }

  /** Sends raw bytes on a new connection and returns all the server answers until it closes (or 10 s pass). */
  private static String exchange(String raw) throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      s.shutdownOutput();
      return readUntilClosed(s, ANSWER_WITHIN);
    }
  }

  /** /health answers, and a new record can be appended and read back, each within {@link #ANSWER_WITHIN}. */
  private static void assertServing() throws Exception {
    HttpResponse<String> health = send("GET", "/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");

    String body = "round-trip-" + ROUND_TRIPS.incrementAndGet();
    HttpResponse<String> ack = send("POST", "/v1/streams/checks/records", BASIN,
        "{\"records\":[{\"body\":\"" + body + "\"}]}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    long seqNum = JSON.readTree(ack.body()).get("start").get("seq_num").asLong();
    HttpResponse<String> read = send("GET", "/v1/streams/checks/records?seq_num=" + seqNum, BASIN, null);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode records = JSON.readTree(read.body()).get("records");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("body").asText()).isEqualTo(body);
  }

  private static HttpResponse<String> send(String method, String path, String basin, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path)).timeout(ANSWER_WITHIN)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("content-type", "application/json");
    }
    if (basin != null) {
      b.header("s2-basin", basin);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) ANSWER_WITHIN.toMillis());
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Everything the server sends until it closes the connection, or fails after {@code within}. */
  private static String readUntilClosed(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        got.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server neither answered nor closed within " + within
          + "; got: " + got.toString(StandardCharsets.ISO_8859_1), e);
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing is best effort
      }
    }
  }
}
