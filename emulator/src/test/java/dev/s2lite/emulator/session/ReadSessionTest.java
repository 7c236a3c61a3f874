package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.session.S2sClient.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** S2S read sessions (lite §15.4, §12.4) over HTTP/1.1 and h2c, with a short heartbeat interval. */
@Timeout(60)
class ReadSessionTest extends SessionTestBase {

  private S2sClient read(Transport t, String query) {
    return read(t, query, Map.of());
  }

  private S2sClient read(Transport t, String query, Map<String, String> headers) {
    S2sClient c = S2sClient.read(t, server.endpoint(), basin, "s", query, headers);
    assertThat(c.status).as("status of read session " + query).isEqualTo(200);
    assertThat(c.headers.get("content-type")).isEqualTo("s2s/proto");
    assertThat(c.headers.get("cache-control")).isEqualTo("no-cache, no-transform");
    assertThat(c.headers.get("x-accel-buffering")).isEqualTo("no");
    return c;
  }

  private static List<String> texts(TestProto.Batch b) {
    List<String> out = new ArrayList<>();
    b.records().forEach(r -> out.add(r.text()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void catchUpHasNoTailThenAHeartbeatThenLiveBatchesWithTheTail(Transport t) {
    api.append(basin, "s", "h0", "h1", "h2");
    try (S2sClient c = read(t, "seq_num=0")) {
      TestProto.Batch catchUp = c.nextBatch();
      assertThat(texts(catchUp)).containsExactly("h0", "h1", "h2");
      assertThat(catchUp.tail()).isNull();
      TestProto.Batch heartbeat = c.nextBatch();
      assertThat(heartbeat.isHeartbeat()).isTrue();
      assertThat(heartbeat.tail().seqNum()).isEqualTo(3);
      api.append(basin, "s", "l0", "l1");
      TestProto.Batch live = nextNonHeartbeat(c);
      assertThat(texts(live)).containsExactly("l0", "l1");
      assertThat(live.records().get(0).seqNum()).isEqualTo(3);
      assertThat(live.tail().seqNum()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void idleFollowersGetHeartbeatsAtTheConfiguredInterval(Transport t) {
    try (S2sClient c = read(t, "")) {
      long start = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        TestProto.Batch b = c.nextBatch();
        assertThat(b.isHeartbeat()).isTrue();
        assertThat(b.tail().seqNum()).isZero();
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      // The first comes on reaching the tail, then one per interval.
      assertThat(elapsedMillis).isBetween(3 * HEARTBEAT.toMillis() - 100, 3 * HEARTBEAT.toMillis() + 2000);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void waitZeroReadsTheCatchUpThenEnds(Transport t) {
    api.append(basin, "s", "a", "b");
    try (S2sClient c = read(t, "seq_num=0&wait=0")) {
      assertThat(texts(c.nextBatch())).containsExactly("a", "b");
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theWaitDeadlineCountsFromTheLastDeliveredBatch(Transport t) {
    api.append(basin, "s", "a");
    try (S2sClient c = read(t, "seq_num=0&wait=1")) {
      assertThat(texts(c.nextBatch())).containsExactly("a");
      api.append(basin, "s", "b");
      long delivered = System.nanoTime();
      assertThat(texts(nextNonHeartbeat(c))).containsExactly("b");
      while (c.next(Duration.ofSeconds(5)) != null) {
        // heartbeats until the deadline
      }
      long elapsed = (System.nanoTime() - delivered) / 1_000_000;
      assertThat(elapsed).isBetween(800L, 3000L);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCountBoundTruncatesALiveBatchAndEndsTheSession(Transport t) {
    api.append(basin, "s", "old");
    try (S2sClient c = read(t, "seq_num=0&count=3&wait=30")) {
      assertThat(texts(c.nextBatch())).containsExactly("old");
      assertThat(c.nextBatch().isHeartbeat()).isTrue();
      api.append(basin, "s", "x", "y", "z");
      assertThat(texts(nextNonHeartbeat(c))).containsExactly("x", "y");
      c.assertEnds();
    }
  }

  @Test
  void u64MaximumBoundsAreAsGoodAsNoBound() {
    api.append(basin, "s", "a", "b");
    try (S2sClient c = read(Transport.HTTP1, "seq_num=0&wait=0&count=18446744073709551615&bytes=18446744073709551615")) {
      assertThat(texts(c.nextBatch())).containsExactly("a", "b");
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aByteBoundBelowTheNextRecordEndsWithoutIt(Transport t) {
    api.append(basin, "s", "0123456789");
    try (S2sClient c = read(t, "seq_num=0&bytes=5")) {
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void untilStopsBeforeTheFirstRecordAtOrAfterIt(Transport t) {
    api.append(basin, "s", "a");
    long ts = tailTimestamp();
    try (S2sClient c = read(t, "seq_num=0&wait=30&until=" + (ts + 1))) {
      assertThat(texts(c.nextBatch())).containsExactly("a");
      assertThat(c.nextBatch().isHeartbeat()).isTrue();
      sleep(5);
      api.append(basin, "s", "b");
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void catchUpMessagesAreCappedAtAThousandRecords(Transport t) {
    for (int i = 0; i < 3; i++) {
      String[] bodies = new String[1000];
      for (int j = 0; j < 1000; j++) {
        bodies[j] = "r" + (i * 1000 + j);
      }
      api.append(basin, "s", bodies);
    }
    try (S2sClient c = read(t, "seq_num=0&count=2500")) {
      List<Integer> sizes = new ArrayList<>();
      long expected = 0;
      for (TestProto.Batch b = batchOrNull(c); b != null; b = batchOrNull(c)) {
        sizes.add(b.records().size());
        for (TestProto.Rec r : b.records()) {
          assertThat(r.seqNum()).isEqualTo(expected++);
        }
      }
      assertThat(sizes).containsExactly(1000, 1000, 500);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void largeMessagesAreCompressedPerAcceptEncoding(Transport t) {
    String big = "c".repeat(5000);
    api.append(basin, "s", big, big);
    for (String encoding : List.of("gzip", "zstd")) {
      try (S2sClient c = read(t, "seq_num=0&wait=0", Map.of("accept-encoding", encoding))) {
        assertThat(texts(c.nextBatch())).containsExactly(big, big);
        c.assertEnds();
        assertThat(c.flags()).containsExactly(encoding.equals("gzip") ? 0x40 : 0x20);
        assertThat(c.headers).doesNotContainKey("content-encoding");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAcceptEncodingMarkedQZeroIsSkipped(Transport t) {
    String big = "q".repeat(4096);
    api.append(basin, "s", big);
    Map<String, Integer> flagsByAcceptEncoding = Map.of(
        "zstd;q=0, gzip", 0x40, "zstd;Q=0.000, gzip;q=0", 0, "gzip;q=0.5, zstd;q=0.001", 0x20);
    flagsByAcceptEncoding.forEach((acceptEncoding, flags) -> {
      try (S2sClient c = read(t, "seq_num=0&wait=0", Map.of("accept-encoding", acceptEncoding))) {
        assertThat(texts(c.nextBatch())).containsExactly(big);
        c.assertEnds();
        assertThat(c.flags()).as(acceptEncoding).containsExactly(flags);
      }
    });
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void smallMessagesAreNotCompressed(Transport t) {
    api.append(basin, "s", "tiny");
    try (S2sClient c = read(t, "seq_num=0&wait=0", Map.of("accept-encoding", "zstd"))) {
      assertThat(texts(c.nextBatch())).containsExactly("tiny");
      c.assertEnds();
      assertThat(c.flags()).containsExactly(0);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deletingAFollowedStreamEndsTheSessionWithUnavailable(Transport t) {
    api.append(basin, "s", "a");
    try (S2sClient c = read(t, "seq_num=0")) {
      assertThat(texts(c.nextBatch())).containsExactly("a");
      assertThat(c.nextBatch().isHeartbeat()).isTrue();
      api.deleteStream(basin, "s");
      // The terminal trim record comes first if the follower reads it before housekeeping drops it.
      S2sFrame.Terminal terminal = nextTerminalSkippingHeartbeats(c);
      assertThat(terminal.status()).isEqualTo(503);
      assertThat(Api.parse(new String(terminal.body(), StandardCharsets.UTF_8)).get("code").asText())
          .isEqualTo("unavailable");
      c.assertEnds();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void preSessionFailuresArePlainJsonErrors(Transport t) {
    api.append(basin, "s", "a");
    try (S2sClient c = S2sClient.read(t, server.endpoint(), basin, "s", "seq_num=5", Map.of())) {
      assertThat(c.status).isEqualTo(416);
      assertThat(Api.parse(c.errorBody()).get("tail").get("seq_num").asLong()).isEqualTo(1);
    }
    try (S2sClient c = S2sClient.read(t, server.endpoint(), basin, "nope", "", Map.of())) {
      assertThat(c.status).isEqualTo(404);
      assertThat(Api.parse(c.errorBody()).get("code").asText()).isEqualTo("stream_not_found");
    }
    try (S2sClient c = S2sClient.read(t, server.endpoint(), basin, "s", "seq_num=x", Map.of())) {
      assertThat(c.status).isEqualTo(400);
      assertThat(Api.parse(c.errorBody()).get("code").asText()).isEqualTo("bad_query");
    }
  }

  @Test
  void clampedStartAtTheTailWithABoundAndNoWaitIs416() {
    try (S2sClient c = S2sClient.read(Transport.HTTP1, server.endpoint(), basin, "s", "seq_num=9&clamp=true&count=1", Map.of())) {
      assertThat(c.status).isEqualTo(416);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFollowerThatDisconnectsIsReleasedAndOthersCarryOn(Transport t) {
    S2sClient gone = read(t, "");
    assertThat(gone.nextBatch().isHeartbeat()).isTrue();
    gone.abort();
    try (S2sClient c = read(t, "")) {
      assertThat(c.nextBatch().isHeartbeat()).isTrue();
      for (int i = 0; i < 20; i++) {
        api.append(basin, "s", "v" + i);
      }
      List<String> got = new ArrayList<>();
      while (got.size() < 20) {
        got.addAll(texts(nextNonHeartbeat(c)));
      }
      assertThat(got).hasSize(20).first().isEqualTo("v0");
      assertThat(got.get(19)).isEqualTo("v19");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSlowFollowerCatchesUpFromTheStoreWithoutGapsOrDuplicates(Transport t) {
    String body = "s".repeat(4000);
    int batches = 400;
    try (S2sClient c = read(t, "")) {
      assertThat(c.nextBatch().isHeartbeat()).isTrue();
      c.pauseReading();
      // About 16 MiB: far more than a session may buffer, so the server must stop and re-read.
      for (int i = 0; i < batches; i++) {
        api.append(basin, "s", body + i, body + i, body + i, body + i, body + i, body + i, body + i, body + i, body + i, body + i);
      }
      c.resumeReading();
      long expected = 0;
      boolean sawCatchUp = false;
      while (expected < batches * 10L) {
        TestProto.Batch b = c.nextBatch();
        sawCatchUp |= !b.records().isEmpty() && b.tail() == null;
        for (TestProto.Rec r : b.records()) {
          assertThat(r.seqNum()).isEqualTo(expected);
          assertThat(r.text()).isEqualTo(body + (expected / 10));
          expected++;
        }
      }
      if (t == Transport.HTTP1) {
        // (OkHttp's 16 MiB HTTP/2 window can absorb the whole backlog, so only HTTP/1.1 must lag.)
        assertThat(sawCatchUp).as("lagging batches come from the store, without a tail").isTrue();
      }
      api.append(basin, "s", "live");
      TestProto.Batch live = nextNonHeartbeat(c);
      assertThat(texts(live)).containsExactly("live");
      assertThat(live.tail().seqNum()).isEqualTo(batches * 10L + 1);
    }
  }

  private long tailTimestamp() {
    var r = api.send("GET", "/v1/streams/s/records/tail", basin, null);
    return Api.parse(r.body()).get("tail").get("timestamp").asLong();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TestProto.Batch batchOrNull(S2sClient c) {
    S2sFrame f = c.next();
    return f == null ? null : TestProto.batch(((S2sFrame.Message) f).payload());
  }

  static TestProto.Batch nextNonHeartbeat(S2sClient c) {
    while (true) {
      TestProto.Batch b = c.nextBatch();
      if (!b.isHeartbeat()) {
        return b;
      }
    }
  }

  private static S2sFrame.Terminal nextTerminalSkippingHeartbeats(S2sClient c) {
    while (true) {
      S2sFrame f = c.next();
      if (f instanceof S2sFrame.Terminal terminal) {
        return terminal;
      }
      assertThat(f).as("a heartbeat or the trim record before the terminal frame").isNotNull();
      TestProto.Batch b = TestProto.batch(((S2sFrame.Message) f).payload());
      if (!b.isHeartbeat()) {
        assertThat(b.records()).hasSize(1);
        assertThat(b.records().get(0).headers().get(0)[1]).isEqualTo("trim".getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
