package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.session.S2sClient.Transport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exchanges that are quiet on purpose outlive the connection idle timeout, as s2-lite never times
 * them out: an append session between inputs, a long poll. (The timeout is one second here; the
 * default is ten minutes.)
 */
@Timeout(60)
class IdleExchangesTest {

  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  private static final long QUIET_MILLIS = 3 * IDLE_TIMEOUT.toMillis();
  private static final String BASIN = "idle-basin";

  private static S2LiteServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = S2LiteServer.builder().idleTimeout(IDLE_TIMEOUT).build().start();
    api = new Api(server.endpoint());
    api.createBasin(BASIN, true);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAppendSessionQuietForLongerThanTheIdleTimeoutStillTakesInputs(Transport transport) throws Exception {
    String stream = "quiet-appends-" + transport;
    try (S2sClient append = S2sClient.append(transport, server.endpoint(), BASIN, stream, Map.of())) {
      append.sendInput(List.of("first"), null);
      assertThat(append.nextAck().end().seqNum()).isEqualTo(1);

      Thread.sleep(QUIET_MILLIS);

      append.sendInput(List.of("second"), null);
      assertThat(append.nextAck().end().seqNum()).isEqualTo(2);
    }
    assertThat(api.readAll(BASIN, stream)).containsExactly("first", "second");
  }

  @Test
  void aLongPollWaitsBeyondTheIdleTimeout() throws Exception {
    api.append(BASIN, "polled", "r0");
    long waitSeconds = QUIET_MILLIS / 1000;

    HttpResponse<String> poll = Api.HTTP.send(HttpRequest.newBuilder(
            server.endpoint().resolve("/v1/streams/polled/records?seq_num=1&wait=" + waitSeconds))
        .header("s2-basin", BASIN).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    assertThat(poll.body()).isEqualTo("{\"records\":[]}");
  }
}
