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
import java.util.concurrent.atomic.AtomicInteger;
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

  // --- helpers ---

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
