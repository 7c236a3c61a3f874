package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.session.S2sClient.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S2S append sessions over HTTP/1.1 (chunked) and h2c (prior knowledge), lite §15.3. */
@Timeout(60)
class AppendSessionTest extends SessionTestBase {

  private S2sClient open(Transport t) {
    return open(t, Map.of());
  }

  private S2sClient open(Transport t, Map<String, String> headers) {
    S2sClient c = S2sClient.append(t, server.endpoint(), basin, "s", headers);
    assertThat(c.status).isEqualTo(200);
    return c;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void headersArriveBeforeAnyInputWithStreamingHeaders(Transport t) {
    try (S2sClient c = open(t)) {
      assertThat(c.headers.get("content-type")).isEqualTo("s2s/proto");
      assertThat(c.headers.get("cache-control")).isEqualTo("no-cache, no-transform");
      assertThat(c.headers.get("x-accel-buffering")).isEqualTo("no");
      assertThat(c.headers).doesNotContainKey("content-encoding").doesNotContainKey("content-length");
      c.halfClose();
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void eachInputIsAckedInOrderWhileTheBodyIsStillOpen(Transport t) {
    try (S2sClient c = open(t)) {
      for (int i = 0; i < 3; i++) {
        c.sendInput(List.of("r" + i), null);
        TestProto.Ack ack = c.nextAck();
        assertThat(ack.start().seqNum()).isEqualTo(i);
        assertThat(ack.end().seqNum()).isEqualTo(i + 1);
        assertThat(ack.tail().seqNum()).isEqualTo(i + 1);
        // Acked means durable: readers see it already.
        assertThat(api.tail(basin, "s")).isGreaterThanOrEqualTo(i + 1);
      }
      c.halfClose();
      c.assertEnds();
    }
    assertThat(api.readAll(basin, "s")).containsExactly("r0", "r1", "r2");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pipelinedInputsAreAckedInOrderWithNonDecreasingTails(Transport t) {
    int n = 64;
    try (S2sClient c = open(t)) {
      for (int i = 0; i < n; i++) {
        c.sendInput(List.of("a" + i, "b" + i), (long) i * 2);
      }
      long lastTail = 0;
      for (int i = 0; i < n; i++) {
        TestProto.Ack ack = c.nextAck();
        assertThat(ack.start().seqNum()).isEqualTo(2L * i);
        assertThat(ack.end().seqNum()).isEqualTo(2L * i + 2);
        assertThat(ack.tail().seqNum()).isGreaterThanOrEqualTo(ack.end().seqNum()).isGreaterThanOrEqualTo(lastTail);
        lastTail = ack.tail().seqNum();
      }
      c.halfClose();
      c.assertEnds();
    }
    List<String> expected = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> expected.addAll(List.of("a" + i, "b" + i)));
    assertThat(api.readAll(basin, "s")).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void afterAFailedConditionNothingLaterIsAppliedAndATerminalFrameFollowsEarlierAcks(Transport t) {
    try (S2sClient c = open(t)) {
      c.sendInput(List.of("first"), 0L);
      c.sendInput(List.of("second"), 0L);
      c.sendInputAfterAFailure(List.of("third"), 1L);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      S2sFrame.Terminal terminal = c.nextTerminal();
      assertThat(terminal.status()).isEqualTo(412);
      assertThat(new String(terminal.body(), StandardCharsets.UTF_8)).isEqualTo("{\"seq_num_mismatch\":1}");
      c.assertEnds();
    }
    assertThat(api.readAll(basin, "s")).containsExactly("first");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anEmptySessionIsAnEmptyOkBody(Transport t) {
    try (S2sClient c = open(t)) {
      c.halfClose();
      c.assertEnds();
    }
    assertThat(api.tail(basin, "s")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void clientFramesMayBeZstdOrGzipCompressed(Transport t) {
    byte[] big = new byte[4000];
    Arrays.fill(big, (byte) 'z');
    byte[] input = TestProto.appendInputBytes(List.of(big), null, null);
    try (S2sClient c = open(t)) {
      c.send(TestProto.frame(0x20, Zstd.compress(input)));
      c.send(TestProto.frame(0x40, Responses.gzip(input)));
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(2);
      c.halfClose();
      c.assertEnds();
    }
    assertThat(api.readAll(basin, "s")).containsExactly(new String(big, StandardCharsets.UTF_8),
        new String(big, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void truncatedFrameAtHalfCloseIsBadFrameAfterEarlierAcks(Transport t) {
    try (S2sClient c = open(t)) {
      c.sendInput(List.of("ok"), null);
      byte[] frame = TestProto.frame(TestProto.appendInput(List.of("cut"), null, null));
      c.send(Arrays.copyOf(frame, frame.length - 2));
      c.halfClose();
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      assertBadFrame(c.nextTerminal());
      c.assertEnds();
    }
    assertThat(api.readAll(basin, "s")).containsExactly("ok");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void lengthPrefixOverTwoMebibytesIsBadFrameWithoutWaitingForThePayload(Transport t) {
    try (S2sClient c = open(t)) {
      c.send(new byte[] {0x20, 0x00, 0x01, 0x00});
      assertBadFrame(c.nextTerminal());
      c.assertEnds();
    }
    assertThat(api.tail(basin, "s")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void compressionBitsElevenAreBadFrame(Transport t) {
    try (S2sClient c = open(t)) {
      c.send(TestProto.frame(0x60, TestProto.appendInput(List.of("x"), null, null)));
      assertBadFrame(c.nextTerminal());
      c.assertEnds();
    }
    assertThat(api.tail(basin, "s")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void protobufGarbageIsBadFrameAndNothingIsApplied(Transport t) {
    try (S2sClient c = open(t)) {
      c.sendInput(List.of("kept"), null);
      c.send(TestProto.frame(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
      c.sendInputAfterAFailure(List.of("never"), null);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      assertBadFrame(c.nextTerminal());
      c.assertEnds();
    }
    assertThat(api.readAll(basin, "s")).containsExactly("kept");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anEmptyBatchIsInvalid(Transport t) {
    try (S2sClient c = open(t)) {
      c.sendInput(List.of(), null);
      S2sFrame.Terminal terminal = c.nextTerminal();
      assertThat(terminal.status()).isEqualTo(422);
      assertThat(Api.parse(new String(terminal.body(), StandardCharsets.UTF_8)).get("code").asText())
          .isEqualTo("invalid");
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aTerminalFrameFromTheClientIsBadFrame(Transport t) {
    try (S2sClient c = open(t)) {
      c.send(TestProto.frame(0x80, new byte[] {0, (byte) 200}));
      assertBadFrame(c.nextTerminal());
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aClientThatDisconnectsMidSessionLeavesAConsistentStream(Transport t) throws Exception {
    try (S2sClient c = open(t)) {
      for (int i = 0; i < 5; i++) {
        c.sendInput(List.of("d" + i), null);
      }
      for (int i = 0; i < 5; i++) {
        c.nextAck();
      }
      for (int i = 5; i < 50; i++) {
        c.sendInput(List.of("d" + i), null);
      }
      c.abort();
    }
    // Whatever made it in is a dense prefix of what was sent; the stream takes new appends.
    Thread.sleep(200);
    List<String> bodies = api.readAll(basin, "s");
    assertThat(bodies.size()).isBetween(5, 50);
    for (int i = 0; i < bodies.size(); i++) {
      assertThat(bodies.get(i)).isEqualTo("d" + i);
    }
    assertThat(api.append(basin, "s", "after")).isEqualTo(bodies.size() + 1);
    try (S2sClient c = open(t)) {
      c.sendInput(List.of("again"), null);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(bodies.size() + 2);
      c.halfClose();
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void largeBatchesAreAllAcked(Transport t) {
    byte[] body = new byte[100_000];
    Arrays.fill(body, (byte) 'L');
    try (S2sClient c = open(t)) {
      for (int i = 0; i < 50; i++) {
        c.send(TestProto.frame(TestProto.appendInputBytes(List.of(body), null, null)));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(c.nextAck().end().seqNum()).isEqualTo(i + 1);
      }
      c.halfClose();
      c.assertEnds();
    }
    assertThat(api.tail(basin, "s")).isEqualTo(50);
  }

  @Test
  void expectContinueOverHttp1IsAnsweredBeforeTheSessionCommits() {
    try (S2sClient c = open(Transport.HTTP1, Map.of("expect", "100-continue"))) {
      c.sendInput(List.of("x"), null);
      assertThat(c.nextAck().end().seqNum()).isEqualTo(1);
      c.halfClose();
      c.assertEnds();
    }
  }

  @Test
  void preSessionFailuresArePlainJsonErrors() {
    try (S2sClient c = S2sClient.append(Transport.HTTP1, server.endpoint(), basin, "missing", Map.of())) {
      assertThat(c.status).isEqualTo(404);
      assertThat(c.headers.get("content-type")).startsWith("application/json");
      assertThat(Api.parse(c.errorBody()).get("code").asText()).isEqualTo("stream_not_found");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theStreamIsAutoCreatedAtSessionStart(Transport t) {
    String auto = basin + "-auto";
    api.createBasin(auto, true);
    try (S2sClient c = S2sClient.append(t, server.endpoint(), auto, "fresh", Map.of())) {
      assertThat(c.status).isEqualTo(200);
      assertThat(api.tail(auto, "fresh")).isZero();
      c.halfClose();
      c.assertEnds();
    }
  }

  @Test
  void aTinyInflightBudgetOnlySlowsInputsDown() {
    try (S2LiteServer tiny = S2LiteServer.builder().appendInflightBytes(1).build().start()) {
      Api tinyApi = new Api(tiny.endpoint());
      tinyApi.createBasin("tiny-budget", false);
      tinyApi.createStream("tiny-budget", "s");
      for (Transport t : Transport.values()) {
        try (S2sClient c = S2sClient.append(t, tiny.endpoint(), "tiny-budget", "s", Map.of())) {
          for (int i = 0; i < 20; i++) {
            c.sendInput(List.of("b" + i), null);
          }
          for (int i = 0; i < 20; i++) {
            c.nextAck();
          }
          c.halfClose();
          c.assertEnds();
        }
      }
      assertThat(tinyApi.tail("tiny-budget", "s")).isEqualTo(40);
    }
  }

  private static void assertBadFrame(S2sFrame.Terminal terminal) {
    assertThat(terminal.status()).isEqualTo(400);
    var body = Api.parse(new String(terminal.body(), StandardCharsets.UTF_8));
    assertThat(body.get("code").asText()).isEqualTo("bad_frame");
    assertThat(body.get("message").asText()).startsWith("Failed to decode S2S frame: ");
  }
}
