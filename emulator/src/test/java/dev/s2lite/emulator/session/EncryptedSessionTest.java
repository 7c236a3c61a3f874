package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.session.S2sClient.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions on an encrypted stream (REFERENCE 22.8): the key is checked before the session. */
@Timeout(60)
class EncryptedSessionTest {

  private static final String BASIN = "enc-sessions";
  private static S2LiteServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = S2LiteServer.builder().build().start();
    api = new Api(server.endpoint());
    api.createBasinWithConfig(BASIN, "{\"stream_cipher\":\"aegis-256\"}");
    api.createStream(BASIN, "s");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String key(long seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void sessionsWithTheKeyRoundTripAndWithoutItFailBeforeStreaming() {
    String key = key(1);
    try (S2sClient c = S2sClient.append(Transport.H2C, server.endpoint(), BASIN, "s", Map.of())) {
      assertThat(c.status).isEqualTo(400);
      assertThat(Api.parse(c.errorBody()).get("code").asText()).isEqualTo("bad_header");
    }
    try (S2sClient c = S2sClient.append(Transport.HTTP1, server.endpoint(), BASIN, "s", Map.of("s2-encryption-key", key))) {
      assertThat(c.status).isEqualTo(200);
      c.sendInput(List.of("secret"), null);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      c.halfClose();
      c.assertEnds();
    }
    try (S2sClient c = S2sClient.read(Transport.HTTP1, server.endpoint(), BASIN, "s", "seq_num=0&wait=0", Map.of())) {
      assertThat(c.status).isEqualTo(400);
      assertThat(Api.parse(c.errorBody()).get("code").asText()).isEqualTo("bad_header");
    }
    try (S2sClient c = S2sClient.read(Transport.H2C, server.endpoint(), BASIN, "s", "seq_num=0&wait=0",
        Map.of("s2-encryption-key", key))) {
      assertThat(c.status).isEqualTo(200);
      TestProto.Batch batch = c.nextBatch();
      assertThat(batch.records()).hasSize(1);
      assertThat(batch.records().get(0).text()).isEqualTo("secret");
      c.assertEnds();
    }
    try (S2sClient c = S2sClient.read(Transport.HTTP1, server.endpoint(), BASIN, "s", "seq_num=0&wait=0",
        Map.of("accept", "text/event-stream"))) {
      assertThat(c.status).isEqualTo(400);
    }
  }

  @Test
  void aWrongKeyIsAnInBandDecryptionFailure() {
    api.createStream(BASIN, "wrong-key");
    try (S2sClient c = S2sClient.append(Transport.H2C, server.endpoint(), BASIN, "wrong-key",
        Map.of("s2-encryption-key", key(1)))) {
      c.sendInput(List.of("hidden"), null);
      c.nextAck();
      c.halfClose();
      c.assertEnds();
    }
    try (S2sClient c = S2sClient.read(Transport.HTTP1, server.endpoint(), BASIN, "wrong-key", "seq_num=0&wait=0",
        Map.of("s2-encryption-key", key(2)))) {
      assertThat(c.status).isEqualTo(200);
      S2sFrame.Terminal terminal = c.nextTerminal();
      assertThat(terminal.status()).isEqualTo(400);
      assertThat(new String(terminal.body(), StandardCharsets.UTF_8)).contains("\"code\":\"decryption_failed\"");
      c.assertEnds();
    }
  }
}
