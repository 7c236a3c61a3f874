package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.session.S2sClient.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients cancel sessions with RST_STREAM; the TypeScript SDK multiplexes up to 100 sessions on one
 * h2c connection, so cancelling many at once must not make the server drop the connection (and
 * every other session on it), as lite does not.
 */
@Timeout(60)
class H2cStreamResetTest {

  private static final int CANCELLED = 300;
  private static S2LiteServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = S2LiteServer.builder().build().start();
    api = new Api(server.endpoint());
    api.createBasin("stream-resets", false);
    api.createStream("stream-resets", "followed");
    api.createStream("stream-resets", "appended");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void cancellingHundredsOfSessionsOnOneConnectionLeavesTheOtherSessionsOnItWorking() {
    try (S2sClient follower = S2sClient.read(Transport.H2C, server.endpoint(), "stream-resets", "followed", "", Map.of());
        S2sClient appender = S2sClient.append(Transport.H2C, server.endpoint(), "stream-resets", "appended", Map.of())) {
      assertThat(follower.status).isEqualTo(200);
      assertThat(appender.status).isEqualTo(200);
      assertThat(follower.nextBatch().isHeartbeat()).as("the follower reached the tail").isTrue();
      List<S2sClient> cancelled = new ArrayList<>();
      for (int i = 0; i < CANCELLED; i++) {
        S2sClient c = S2sClient.read(Transport.H2C, server.endpoint(), "stream-resets", "followed", "", Map.of());
        assertThat(c.status).isEqualTo(200);
        cancelled.add(c);
      }

      cancelled.forEach(S2sClient::abort);
      api.append("stream-resets", "followed", "after the resets");
      appender.sendInput(List.of("appended after the resets"), 0L);

      TestProto.Batch batch = follower.nextBatch();
      while (batch.isHeartbeat()) {
        batch = follower.nextBatch();
      }
      assertThat(batch.records()).extracting(TestProto.Rec::text).containsExactly("after the resets");
      TestProto.Ack ack = appender.nextAck();
      assertThat(ack.end().seqNum()).isEqualTo(1);
    }
  }
}
