package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The options of {@link S2LiteContainer} against a running container. */
class S2LiteContainerIT {

  @Test
  void withBasinCreatesTheBasinsOnceTheServerIsUp() {
    try (S2LiteContainer s2 = new S2LiteContainer().withBasin("orders-basin").withBasin("audit-basin")) {
      s2.start();

      S2Http.Response basins = new S2Http(s2.getEndpoint()).get("/v1/basins", Map.of());

      assertThat(basins.json().get("basins")).extracting(b -> b.get("name").asText())
          .containsExactly("audit-basin", "orders-basin");
    }
  }

  @Test
  void aBasinOfTheInitFileKeepsItsConfigWhenWithBasinNamesItToo() {
    String init = """
        {"basins": [{"name": "orders-basin", "config": {"create_stream_on_append": true}}]}
        """;
    try (S2LiteContainer s2 = new S2LiteContainer().withInitJson(init).withBasin("orders-basin")) {
      s2.start();

      S2Http.Response config = new S2Http(s2.getEndpoint()).get("/v1/basins/orders-basin", Map.of());

      assertThat(config.json().get("create_stream_on_append").asBoolean()).as(config.body()).isTrue();
    }
  }

  @Test
  void resetOfOneBasinLeavesTheOthers() {
    try (S2LiteContainer s2 = new S2LiteContainer().withBasin("orders-basin").withBasin("audit-basin")) {
      s2.start();

      s2.reset("orders-basin");

      S2Http.Response basins = new S2Http(s2.getEndpoint()).get("/v1/basins", Map.of());
      assertThat(basins.json().get("basins")).extracting(b -> b.get("name").asText()).containsExactly("audit-basin");
      assertThatThrownBy(() -> s2.reset("orders-basin")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("404").hasMessageContaining("basin_not_found");
    }
  }

  @Test
  void withAuthRequestsNeedTheRootTokenThatGetAccessTokenGives() {
    try (S2LiteContainer s2 = new S2LiteContainer().withAuth().withBasin("orders-basin")) {
      s2.start();
      S2Http http = new S2Http(s2.getEndpoint());

      S2Http.Response anonymous = http.get("/v1/basins", Map.of());
      S2Http.Response withToken = http.get("/v1/basins", Map.of("authorization", "Bearer " + s2.getAccessToken()));
      s2.reset();
      S2Http.Response afterReset = http.get("/v1/basins", Map.of("authorization", "Bearer " + s2.getAccessToken()));

      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
      assertThat(withToken.json().get("basins")).extracting(b -> b.get("name").asText()).containsExactly("orders-basin");
      assertThat(afterReset.json().get("basins")).isEmpty();
      assertThat(s2.sdkEnvironment()).containsEntry("S2_ACCESS_TOKEN", s2.getAccessToken());
    }
  }

  @Test
  void sdkEnvironmentNamesTheEndpointAndAToken() {
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();

      assertThat(s2.sdkEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "S2_ACCOUNT_ENDPOINT", s2.getEndpoint().toString(),
          "S2_BASIN_ENDPOINT", s2.getEndpoint().toString(),
          "S2_ACCESS_TOKEN", "ignored"));
      assertThat(s2.getEndpoint().toString()).isEqualTo("http://" + s2.getHost() + ":" + s2.getMappedPort(8080));
    }
  }

  @Test
  void anEmulatorImageThatWasNeverBuiltFailsWithHowToBuildIt() {
    try (S2LiteContainer s2 = new S2LiteContainer("s2lite:0.0.0-never-built")) {
      assertThatThrownBy(s2::start)
          .hasStackTraceContaining("s2lite:0.0.0-never-built is not on this machine")
          .hasStackTraceContaining("build-image.sh");
    }
  }

  /** The test-control plane through the container's Java API, on one container for all these tests. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TestControl {

    private final S2LiteContainer s2 = new S2LiteContainer();
    private S2Http http;

    @BeforeAll
    void start() {
      s2.start();
      http = new S2Http(s2.getEndpoint());
    }

    @AfterEach
    void leaveNoControlBehind() {
      s2.clock().resume();
      s2.faults().clear();
    }

    @AfterAll
    void stop() {
      s2.stop();
    }

    @Test
    void advancingTheFrozenClockPastADayOfRetentionExpiresTheRecords() {
      http.createBasin("clock-basin-1");
      S2Http.Response stream = http.post("/v1/streams", Map.of("s2-basin", "clock-basin-1"),
          Map.of("stream", "events", "config", Map.of("retention_policy", Map.of("age", 86400))));
      assertThat(stream.status()).as(stream.body()).isEqualTo(201);
      http.append("clock-basin-1", "events", "expires-tomorrow");
      S2Http.Response before = http.get(S2Http.records("events") + "?seq_num=0", Map.of("s2-basin", "clock-basin-1"));

      Instant frozen = s2.clock().freeze();
      Instant advanced = s2.clock().advance(Duration.ofDays(2));

      S2Http.Response read = http.get(S2Http.records("events") + "?seq_num=0", Map.of("s2-basin", "clock-basin-1"));
      assertThat(advanced).isEqualTo(frozen.plus(Duration.ofDays(2)));
      assertThat(s2.clock().isFrozen()).isTrue();
      assertThat(before.body()).contains("expires-tomorrow");
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.json().get("records")).isEmpty();
      assertThat(s2.clock().resume()).isAfterOrEqualTo(advanced);
      assertThat(s2.clock().isFrozen()).isFalse();
    }

    @Test
    void aFaultRuleAnswersTheNextAppendToItsBasinWithTheS2Error() {
      http.createBasin("fault-basin-1");
      http.createStream("fault-basin-1", "orders");
      ActiveFault rule = s2.faults().add(FaultRule.on(Operation.APPEND).basin("fault-basin-1").fail(503).once());

      S2Http.Response failed = http.post(S2Http.records("orders"), Map.of("s2-basin", "fault-basin-1"),
          Map.of("records", List.of(Map.of("body", "first try"))));
      List<ActiveFault> afterFiring = s2.faults().rules();
      http.append("fault-basin-1", "orders", "second try");

      assertThat(rule.id()).isNotBlank();
      assertThat(rule.remaining()).isEqualTo(1);
      assertThat(failed.status()).isEqualTo(503);
      assertThat(failed.json().get("code").asText()).isEqualTo("unavailable");
      assertThat(afterFiring).isEmpty();
      s2.faults().add(FaultRule.on(Operation.APPEND).basinPrefix("fault-basin-").fail(429));
      S2Http.Response limited = http.post(S2Http.records("orders"), Map.of("s2-basin", "fault-basin-1"),
          Map.of("records", List.of(Map.of("body", "third try"))));
      assertThat(limited.status()).as(limited.body()).isEqualTo(429);
      s2.faults().clear();
      s2.faults().failNext(Operation.READ, 500);
      assertThat(s2.faults().rules()).hasSize(1);
      s2.faults().clear();
      assertThat(s2.faults().rules()).isEmpty();
    }

    @Test
    void theJournalListsTheAppendItWasSentWithItsStatus() {
      http.createBasin("journal-basin-1");
      http.createStream("journal-basin-1", "audit");
      s2.journal().clear();

      http.append("journal-basin-1", "audit", "who-did-it");

      List<JournalEntry> appends = s2.journal().requests(JournalQuery.operation(Operation.APPEND).basin("journal-basin-1"));
      assertThat(appends).singleElement().satisfies(e -> {
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.stream()).isEqualTo("audit");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.header("s2-basin")).isEqualTo("journal-basin-1");
        assertThat(e.body().text()).contains("who-did-it");
        assertThat(e.completed()).isTrue();
      });
      s2.journal().clear();
      assertThat(s2.journal().requests(JournalQuery.forBasin("journal-basin-1"))).isEmpty();
    }

    @Test
    void aSnapshotSavedBeforeResetRestoresTheBasinAndItsRecords() {
      http.createBasin("snap-basin-1");
      http.createStream("snap-basin-1", "ledger");
      http.append("snap-basin-1", "ledger", "kept-by-snapshot");

      SnapshotInfo saved = s2.snapshots().save("before-reset");
      byte[] file = s2.snapshots().download();
      s2.reset();
      S2Http.Response afterReset = http.get("/v1/basins", Map.of());
      s2.snapshots().restore("before-reset");
      S2Http.Response restored = http.get(S2Http.records("ledger") + "?seq_num=0", Map.of("s2-basin", "snap-basin-1"));

      assertThat(saved.name()).isEqualTo("before-reset");
      assertThat(saved.records()).isGreaterThanOrEqualTo(1);
      assertThat(s2.snapshots().list()).extracting(SnapshotInfo::name).contains("before-reset");
      assertThat(afterReset.json().get("basins")).isEmpty();
      assertThat(restored.status()).as(restored.body()).isEqualTo(200);
      assertThat(restored.body()).contains("kept-by-snapshot");
      assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("{\"s2lite_snapshot\"");
      s2.reset();
      s2.snapshots().restoreFrom(file);
      assertThat(http.get("/v1/basins", Map.of()).body()).contains("snap-basin-1");
      assertThat(s2.snapshots().delete("before-reset")).isTrue();
      assertThatThrownBy(() -> s2.snapshots().restore("before-reset")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("404").hasMessageContaining("snapshot_not_found");
    }

    @Test
    void seedCreatesTheBasinsAndStreamsOfAnInitFile() {
      s2.seed("""
          {"basins": [{"name": "seeded-basin-1", "streams": [{"name": "eu"}, {"name": "us"}]}]}
          """);

      S2Http.Response streams = http.get("/v1/streams", Map.of("s2-basin", "seeded-basin-1"));

      assertThat(streams.status()).as(streams.body()).isEqualTo(200);
      assertThat(streams.json().get("streams")).extracting(st -> st.get("name").asText()).containsExactly("eu", "us");
      assertThatThrownBy(() -> s2.seed("{\"basins\": 1}")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("400");
    }
  }
}
