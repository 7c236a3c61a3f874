package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.fault.FaultRule;
import dev.s2lite.emulator.fault.Operation;
import dev.s2lite.emulator.journal.JournalEntry;
import dev.s2lite.emulator.journal.JournalQuery;
import dev.s2lite.emulator.snapshot.SnapshotException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-control Java API of {@link S2LiteServer}: clock, faults, journal, snapshots, seed, reset. */
class TestControlTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private S2LiteServer s2;

  @BeforeEach
  void start() {
    s2 = S2LiteServer.builder().port(0).heartbeatInterval(Duration.ofHours(1), Duration.ofHours(1)).build().start();
  }

  @AfterEach
  void stop() {
    s2.close();
  }

  @Test
  void theJavadocExampleRuns() throws Exception {
    // The second example of S2LiteServer's Javadoc, with assertions between its lines.
    s2.seed("{\"basins\": [{\"name\": \"orders-basin\", \"streams\": [{\"name\": \"eu\"}]}]}");
    s2.faults().failNext(Operation.APPEND, 503);     // the next append fails; a retry succeeds
    assertThat(append("orders-basin", "eu", "o-1").statusCode()).isEqualTo(503);
    assertThat(append("orders-basin", "eu", "o-1").statusCode()).isEqualTo(200);
    s2.clock().advance(Duration.ofDays(8));          // past the default 7-day retention
    assertThat(read("orders-basin", "eu").body()).isEqualTo("{\"records\":[]}");
    List<JournalEntry> sent = s2.journal().requests(JournalQuery.operation(Operation.APPEND));
    assertThat(sent).extracting(JournalEntry::status).containsExactly(503, 200);
  }

  @Test
  void advancingTheClockPastRetentionMakesRecordsGoneWithoutWaiting() throws Exception {
    s2.clock().freeze();
    s2.seed("{\"basins\": [{\"name\": \"retention-basin\", \"streams\": [{\"name\": \"events\","
        + " \"config\": {\"retention_policy\": \"1d\"}}]}]}");
    append("retention-basin", "events", "old");

    s2.clock().advance(Duration.ofHours(25));

    assertThat(read("retention-basin", "events").body()).isEqualTo("{\"records\":[]}");
    assertThatThrownBy(() -> s2.clock().advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void heartbeatsOfAnIdleReadSessionFollowTheClock() throws Exception {
    s2.clock().freeze();
    s2.seed("{\"basins\": [{\"name\": \"heartbeat-basin\", \"streams\": [{\"name\": \"s\"}]}]}");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpRequest follow = HttpRequest.newBuilder(uri("/v1/streams/s/records?tail_offset=0"))
        .header("s2-basin", "heartbeat-basin").header("accept", "text/event-stream").build();
    var session = CLIENT.sendAsync(follow, HttpResponse.BodyHandlers.ofLines())
        .thenAccept(response -> response.body().filter(l -> l.startsWith("event:")).forEach(events::add));
    try {
      assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the ping on following").isEqualTo("event: ping");
      // The next heartbeat is an hour away on the clock: it comes as soon as the clock gets there.
      s2.clock().advance(Duration.ofMinutes(61));
      assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the ping an hour later").isEqualTo("event: ping");
    } finally {
      session.cancel(true);
    }
  }

  @Test
  void failNextFailsOneAppendAndTheJournalShowsBothAttempts() throws Exception {
    s2.seed("{\"basins\": [{\"name\": \"retry-basin-1\", \"streams\": [{\"name\": \"s\"}]}]}");
    s2.faults().failNext(Operation.APPEND, 503);

    HttpResponse<String> failed = append("retry-basin-1", "s", "first try");
    HttpResponse<String> retried = append("retry-basin-1", "s", "first try");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).isEqualTo("{\"code\":\"unavailable\",\"message\":\"injected fault\"}");
    assertThat(retried.statusCode()).isEqualTo(200);
    List<JournalEntry> appends = s2.journal().requests(JournalQuery.operation(Operation.APPEND).basin("retry-basin-1"));
    assertThat(appends).extracting(JournalEntry::status).containsExactly(503, 200);
    assertThat(appends.get(0).faultRule()).isNotNull();
    assertThat(appends.get(1).faultRule()).isNull();
    assertThat(appends).allSatisfy(e -> assertThat(e.body().text()).contains("first try"));
    assertThat(s2.faults().rules()).isEmpty();
  }

  @Test
  void aRuleMatchesOnlyItsBasinAndStreamPrefix() throws Exception {
    s2.seed("{\"basins\": [{\"name\": \"rule-basin-1\", \"streams\": [{\"name\": \"eu/orders\"}, {\"name\": \"us/orders\"}]},"
        + " {\"name\": \"rule-basin-2\", \"streams\": [{\"name\": \"eu/orders\"}]}]}");
    var rule = s2.faults().add(FaultRule.on(Operation.APPEND, Operation.CHECK_TAIL)
        .basin("rule-basin-1").streamPrefix("eu/").fail(500));

    assertThat(append("rule-basin-1", "eu/orders", "x").statusCode()).isEqualTo(500);
    assertThat(append("rule-basin-1", "us/orders", "x").statusCode()).isEqualTo(200);
    assertThat(append("rule-basin-2", "eu/orders", "x").statusCode()).isEqualTo(200);
    assertThat(s2.faults().rules()).singleElement().satisfies(r -> assertThat(r.fired()).isEqualTo(1));
    assertThat(s2.faults().remove(rule.id())).isTrue();
    assertThat(append("rule-basin-1", "eu/orders", "x").statusCode()).isEqualTo(200);
  }

  @Test
  void aBasinPrefixRuleMatchesEveryBasinWithThatPrefix() throws Exception {
    s2.seed("{\"basins\": [{\"name\": \"prefix-a-basin-1\", \"streams\": [{\"name\": \"s\"}]},"
        + " {\"name\": \"prefix-a-basin-2\", \"streams\": [{\"name\": \"s\"}]},"
        + " {\"name\": \"prefix-b-basin-1\", \"streams\": [{\"name\": \"s\"}]}]}");
    s2.faults().add(FaultRule.on(Operation.APPEND).basinPrefix("prefix-a-").fail(503));

    assertThat(append("prefix-a-basin-1", "s", "x").statusCode()).isEqualTo(503);
    assertThat(append("prefix-a-basin-2", "s", "x").statusCode()).isEqualTo(503);
    assertThat(append("prefix-b-basin-1", "s", "x").statusCode()).isEqualTo(200);
    assertThat(s2.faults().rules()).singleElement().satisfies(r -> {
      assertThat(r.rule().basinPrefix()).isEqualTo("prefix-a-");
      assertThat(r.fired()).isEqualTo(2);
    });
    assertThat(FaultRule.on().basin("prefix-a-basin-1").basinPrefix("prefix-a-").basin())
        .as("the later of basin and basinPrefix wins, as with stream and streamPrefix").isNull();
  }

  @Test
  void theJournalKeepsOnlyItsCapacity() throws Exception {
    try (S2LiteServer small = S2LiteServer.builder().port(0).journalCapacity(3).build().start()) {
      for (int i = 0; i < 5; i++) {
        CLIENT.send(HttpRequest.newBuilder(URI.create(small.endpoint() + "/v1/basins/basin-number-" + i)).build(),
            HttpResponse.BodyHandlers.discarding());
      }

      assertThat(small.journal().requests()).extracting(JournalEntry::path)
          .containsExactly("/v1/basins/basin-number-2", "/v1/basins/basin-number-3", "/v1/basins/basin-number-4");
      assertThat(small.journal().dropped()).isEqualTo(2);
      small.journal().clear();
      assertThat(small.journal().requests()).isEmpty();
    }
  }

  @Test
  void aSnapshotExportedToAFileIsRestoredByALaterServer() throws Exception {
    s2.seed("{\"basins\": [{\"name\": \"snapshot-basin\", \"streams\": [{\"name\": \"s\"}]}]}");
    append("snapshot-basin", "s", "before");
    s2.snapshots().save("before");
    append("snapshot-basin", "s", "after");
    Path file = dir.resolve("state.jsonl");
    s2.snapshots().exportTo(file);

    s2.snapshots().restore("before");
    assertThat(read("snapshot-basin", "s").body()).contains("before").doesNotContain("after");

    try (S2LiteServer later = S2LiteServer.builder().port(0).restoreSnapshot(file).build().start()) {
      HttpResponse<String> records = CLIENT.send(HttpRequest.newBuilder(
          URI.create(later.endpoint() + "/v1/streams/s/records?seq_num=0")).header("s2-basin", "snapshot-basin").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(records.body()).contains("\"body\":\"before\"").contains("\"body\":\"after\"");
    }
    assertThatThrownBy(() -> s2.snapshots().restoreFrom(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(SnapshotException.class);
    assertThat(s2.snapshots().list()).extracting(i -> i.name()).containsExactly("before");
  }

  @Test
  void resetOfOneBasinLeavesTheOthersAndSeedRecreatesIt() throws Exception {
    s2.seed("{\"basins\": [{\"name\": \"reset-basin-1\", \"streams\": [{\"name\": \"s\"}]}, {\"name\": \"other-basin-1\"}]}");

    s2.reset("reset-basin-1");

    assertThat(get("/v1/basins/reset-basin-1").statusCode()).isEqualTo(404);
    assertThat(get("/v1/basins/other-basin-1").statusCode()).isEqualTo(200);
    s2.seed("{\"basins\": [{\"name\": \"reset-basin-1\", \"streams\": [{\"name\": \"s\"}]}]}");
    assertThat(read("reset-basin-1", "s").body()).as("a new, empty stream").isEqualTo("{\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
  }

  @Test
  void setAndResumeRunFromTheGivenInstant() {
    Instant at = Instant.parse("2035-01-01T00:00:00Z");

    s2.clock().set(at);
    s2.clock().freeze();

    assertThat(s2.clock().isFrozen()).isTrue();
    assertThat(s2.clock().instant()).isBetween(at, at.plusSeconds(60));
    Instant frozenAt = s2.clock().instant();
    assertThat(s2.clock().resume()).isAfterOrEqualTo(frozenAt);
    assertThat(s2.clock().isFrozen()).isFalse();
  }

  // --- HTTP ---

  private URI uri(String path) {
    return URI.create(s2.endpoint() + path);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> append(String basin, String stream, String body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri("/v1/streams/" + stream.replace("/", "%2F") + "/records"))
        .header("s2-basin", basin).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"body\": \"" + body + "\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> read(String basin, String stream) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri("/v1/streams/" + stream + "/records?seq_num=0"))
        .header("s2-basin", basin).build(), HttpResponse.BodyHandlers.ofString());
  }
}
