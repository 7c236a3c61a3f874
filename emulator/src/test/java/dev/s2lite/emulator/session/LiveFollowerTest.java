package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.session.S2sClient.Transport;
import dev.s2lite.emulator.session.SseSessionTest.Event;
import dev.s2lite.emulator.session.SseSessionTest.Sse;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A live follower is owed every record appended while it follows, even when the same append trims
 * them away (s2-lite hands appended records to followers directly; the TypeScript SDK's
 * resumable streams depend on it), and a follower of a deleted stream gets the terminal trim
 * record before its 503. The server's housekeeper runs as in production: woken by every trim, so
 * the trimmed records leave the store while the follower is being woken. Each case repeats,
 * since a follower that reads the store loses that race only most of the time.
 */
@Timeout(120)
class LiveFollowerTest extends SessionTestBase {

  private static final long TRIM_ALL = (1L << 53) - 1;
  private static final List<String> DATA = List.of("d1", "d2", "d3", "d4", "d5", "d6");

  /** Seq 0: a fence with {@code match_seq_num: 0}, as the resumable-stream writer starts. */
  private void fenceAtZero() {
    HttpResponse<String> r = api.send("POST", "/v1/streams/s/records", basin,
        "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"start\"}],\"match_seq_num\":0}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** What the follower must see: seq 1-8, the data bodies, then the trim and fence commands. */
  private static void assertAllEight(List<Long> seqNums, List<String> bodies) {
    assertThat(seqNums).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(bodies.subList(0, 6)).containsExactlyElementsOf(DATA);
    assertThat(bodies.get(7)).isEqualTo("end-x");
  }

  @RepeatedTest(5)
  void anSseFollowerGetsRecordsTrimmedInTheSameAppend() {
    fenceAtZero();
    try (Sse sse = sse("seq_num=1")) {
      assertThat(sse.nextOfType("ping").event()).isEqualTo("ping");
      appendDataTrimAndFence("s");
      List<Long> seqNums = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      while (seqNums.isEmpty() || seqNums.get(seqNums.size() - 1) < 8) {
        Event batch = sse.nextOfType("batch");
        batch.json().get("records").forEach(r -> {
          seqNums.add(r.get("seq_num").asLong());
          bodies.add(r.get("body").asText());
        });
      }
      assertAllEight(seqNums, bodies);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anS2sFollowerGetsRecordsTrimmedInTheSameAppend(Transport t) {
    for (int round = 0; round < 5; round++) {
      String stream = "s2s-" + round;
      api.createStream(basin, stream);
      HttpResponse<String> fence = api.send("POST", "/v1/streams/" + stream + "/records", basin,
          "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"start\"}],\"match_seq_num\":0}");
      assertThat(fence.statusCode()).isEqualTo(200);
      try (S2sClient c = S2sClient.read(t, server.endpoint(), basin, stream, "seq_num=1", Map.of())) {
        assertThat(c.nextBatch().isHeartbeat()).isTrue();
        appendDataTrimAndFence(stream);
        List<Long> seqNums = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        while (seqNums.isEmpty() || seqNums.get(seqNums.size() - 1) < 8) {
          TestProto.Batch b = c.nextBatch();
          b.records().forEach(r -> {
            seqNums.add(r.seqNum());
            bodies.add(r.text());
          });
        }
        assertAllEight(seqNums, bodies);
      }
    }
  }

  @RepeatedTest(5)
  void aLongPollGetsRecordsTrimmedInTheSameAppend() {
    fenceAtZero();
    CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() ->
        api.send("GET", "/v1/streams/s/records?seq_num=1&wait=30", basin, null));
    // The poll is waiting once a check-tail after it sees nothing new; give it a moment to park.
    sleep(300);
    appendDataTrimAndFence("s");
    HttpResponse<String> r = poll.join();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Long> seqNums = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    Api.parse(r.body()).get("records").forEach(rec -> {
      seqNums.add(rec.get("seq_num").asLong());
      bodies.add(rec.get("body").asText());
    });
    assertAllEight(seqNums, bodies);
  }

  @RepeatedTest(5)
  void anSseFollowerOfADeletedStreamGetsTheTerminalTrimThenUnavailable() {
    api.append(basin, "s", "a");
    try (Sse sse = sse("seq_num=1")) {
      assertThat(sse.nextOfType("ping").event()).isEqualTo("ping");
      api.deleteStream(basin, "s");
      Event batch = sse.nextOfType("batch");
      var record = batch.json().get("records").get(0);
      assertThat(record.get("seq_num").asLong()).isEqualTo(1);
      assertThat(record.get("headers").get(0).get(1).asText()).isEqualTo("trim");
      Event error = sse.nextOfType("error");
      assertThat(error.json().get("code").asText()).isEqualTo("unavailable");
      assertThat(sse.next()).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anS2sFollowerOfADeletedStreamGetsTheTerminalTrimThenUnavailable(Transport t) {
    for (int round = 0; round < 5; round++) {
      String stream = "del-" + round;
      api.createStream(basin, stream);
      api.append(basin, stream, "a");
      try (S2sClient c = S2sClient.read(t, server.endpoint(), basin, stream, "seq_num=1", Map.of())) {
        assertThat(c.nextBatch().isHeartbeat()).isTrue();
        api.deleteStream(basin, stream);
        TestProto.Batch b = c.nextBatch();
        while (b.isHeartbeat()) {
          b = c.nextBatch();
        }
        assertThat(b.records()).hasSize(1);
        assertThat(b.records().get(0).seqNum()).isEqualTo(1);
        assertThat(new String(b.records().get(0).headers().get(0)[1], StandardCharsets.UTF_8)).isEqualTo("trim");
        S2sFrame.Terminal terminal = c.nextTerminal();
        assertThat(terminal.status()).isEqualTo(503);
        c.assertEnds();
      }
    }
  }

  /** Seq 1-8 in one batch: six data records, a trim past all of them, a fence. */
  private void appendDataTrimAndFence(String stream) {
    StringBuilder json = new StringBuilder("{\"records\":[");
    for (String d : DATA) {
      json.append("{\"body\":\"").append(b64(d)).append("\"},");
    }
    json.append("{\"headers\":[[\"\",\"").append(b64("trim")).append("\"]],\"body\":\"")
        .append(b64(ByteBuffer.allocate(8).putLong(TRIM_ALL).array())).append("\"},");
    json.append("{\"headers\":[[\"\",\"").append(b64("fence")).append("\"]],\"body\":\"")
        .append(b64("end-x")).append("\"}]}");
    HttpResponse<String> r = api.sendWithHeader("POST", "/v1/streams/" + stream + "/records", basin,
        json.toString(), "s2-format", "base64");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private Sse sse(String query) {
    return new Sse(server.endpoint().resolve("/v1/streams/s/records?" + query),
        Map.of("s2-basin", basin, "accept", "text/event-stream"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
