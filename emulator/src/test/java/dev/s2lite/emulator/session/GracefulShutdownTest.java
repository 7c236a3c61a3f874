package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.session.S2sClient.Transport;
import dev.s2lite.emulator.session.SseSessionTest.Event;
import dev.s2lite.emulator.session.SseSessionTest.Sse;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link S2LiteServer#close()} (and so SIGTERM) stops gracefully: every open exchange gets an
 * answer clients know to retry, instead of a cut connection.
 */
@Timeout(60)
class GracefulShutdownTest {

  /** Generous: a guard against a hang, not a speed requirement. */
  private static final Duration CLOSES_WITHIN = Duration.ofSeconds(30);
  private static final String BASIN = "stopping-basin";

  private S2LiteServer server;
  private Api api;

  @BeforeEach
  void start() {
    server = S2LiteServer.builder()
        .heartbeatInterval(Duration.ofMillis(300), Duration.ofMillis(300))
        .shutdownTimeout(Duration.ofSeconds(10))
        .build().start();
    api = new Api(server.endpoint());
    api.createBasin(BASIN, false);
    api.createStream(BASIN, "s");
    api.append(BASIN, "s", "before");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anSseFollowerGetsARetryable503ErrorEventAndNoDone() throws Exception {
    try (Sse sse = new Sse(server.endpoint().resolve("/v1/streams/s/records?seq_num=0"),
        Map.of("s2-basin", BASIN, "accept", "text/event-stream"))) {
      assertThat(sse.nextOfType("batch").data()).contains("before");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

      Event error = null;
      for (Event e = sse.next(); e != null; e = sse.next()) {
        assertThat(e.data()).isNotEqualTo("[DONE]");
        if (e.event().equals("error")) {
          error = e;
        }
      }
      assertThat(error).as("an error event before the end").isNotNull();
      assertThat(error.json().get("code").asText()).isEqualTo("unavailable");
      assertThat(error.json().get("message").asText()).isEqualTo("the server is shutting down");
      closing.get(CLOSES_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anS2sFollowerGetsATerminal503Frame(Transport transport) throws Exception {
    try (S2sClient read = S2sClient.read(transport, server.endpoint(), BASIN, "s", "seq_num=0", Map.of())) {
      assertThat(read.nextBatch().records()).hasSize(1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

      S2sFrame frame = read.next();
      while (frame instanceof S2sFrame.Message) {
        frame = read.next();
      }
      assertThat(frame).as("a terminal frame").isInstanceOf(S2sFrame.Terminal.class);
      S2sFrame.Terminal terminal = (S2sFrame.Terminal) frame;
      assertThat(terminal.status()).isEqualTo(503);
      assertThat(Api.parse(new String(terminal.body(), StandardCharsets.UTF_8)).get("code").asText())
          .isEqualTo("unavailable");
      read.assertEnds();
      closing.get(CLOSES_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void aLongPollIsAnsweredAsIfItsWaitHadRunOut() throws Exception {
    HttpResponse<String> answer = null;
    // The client cannot see when its poll reached the server; one that arrives after the stop began
    // is refused (503) instead, and is retried on a new server.
    for (int attempt = 0; attempt < 5 && (answer == null || answer.statusCode() == 503); attempt++) {
      if (attempt > 0) {
        start();
      }
      CompletableFuture<HttpResponse<String>> poll = Api.HTTP.sendAsync(
          HttpRequest.newBuilder(server.endpoint().resolve("/v1/streams/s/records?seq_num=1&wait=60"))
              .header("s2-basin", BASIN).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500);

      server.close();

      answer = poll.get(CLOSES_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"records\":[]}");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAppendSessionGetsTheAcksOfWhatWasAdmittedThenATerminal503(Transport transport) throws Exception {
    try (S2sClient append = S2sClient.append(transport, server.endpoint(), BASIN, "s", Map.of())) {
      for (int i = 0; i < 20; i++) {
        append.sendInput(List.of("in-" + i), null);
      }
      TestProto.Ack first = append.nextAck();
      assertThat(first.start().seqNum()).isEqualTo(1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

      long next = first.end().seqNum();
      S2sFrame frame = append.next();
      while (frame instanceof S2sFrame.Message m) {
        TestProto.Ack ack = TestProto.ack(m.payload());
        assertThat(ack.start().seqNum()).as("acks in order, none missing").isEqualTo(next);
        next = ack.end().seqNum();
        frame = append.next();
      }
      // Inputs the server had not read when it began to stop were not admitted: the client resends them.
      assertThat(next).as("acks only for inputs sent").isLessThanOrEqualTo(21);
      assertThat(frame).isInstanceOf(S2sFrame.Terminal.class);
      assertThat(((S2sFrame.Terminal) frame).status()).isEqualTo(503);
      closing.get(CLOSES_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void afterCloseNewConnectionsAreRefused() {
    URI endpoint = server.endpoint();
    server.close();

    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(endpoint.resolve("/health"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }
}
