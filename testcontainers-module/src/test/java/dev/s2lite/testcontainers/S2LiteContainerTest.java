package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** How {@link S2LiteContainer} configures a container, checked without starting one (no Docker needed). */
class S2LiteContainerTest {

  @Test
  void theDefaultImageIsTheEmulatorAtThisModulesVersionOnPort8080() {
    S2LiteContainer s2 = new S2LiteContainer();
    s2.configure();

    assertThat(S2LiteContainer.Version.current()).matches("\\d+\\.\\d+\\.\\d+\\S*");
    assertThat(s2.isOfficialImage()).isFalse();
    assertThat(s2.getExposedPorts()).containsExactly(8080);
    assertThat(s2.getCommandParts()).isEmpty();
  }

  @Test
  void theOfficialImageRunsLiteOnPort80() {
    S2LiteContainer s2 = new S2LiteContainer("ghcr.io/s2-streamstore/s2:0.43.4");
    s2.configure();

    assertThat(s2.isOfficialImage()).isTrue();
    assertThat(s2.getExposedPorts()).containsExactly(80);
    assertThat(s2.getCommandParts()).containsExactly("lite", "--port", "80");
  }

  @Test
  void aMirrorOfTheOfficialImageDeclaredCompatibleIsTreatedAsIt() {
    S2LiteContainer s2 = new S2LiteContainer(DockerImageName.parse("registry.example/mirror/s2:0.43.4")
        .asCompatibleSubstituteFor(S2LiteContainer.OFFICIAL_IMAGE));
    s2.configure();

    assertThat(s2.getCommandParts()).startsWith("lite");
  }

  @Test
  void anInitFileIsCopiedInAndNamedOnTheCommandLine() {
    S2LiteContainer emulator = new S2LiteContainer().withInitJson("{\"basins\": []}");
    S2LiteContainer official = new S2LiteContainer("ghcr.io/s2-streamstore/s2:0.43.4").withInitJson("{\"basins\": []}");
    emulator.configure();
    official.configure();

    assertThat(emulator.getCommandParts()).containsExactly("--init-file", "/etc/s2lite/init.json");
    assertThat(official.getCommandParts()).containsExactly("lite", "--port", "80", "--init-file", "/etc/s2lite/init.json");
  }

  @Test
  void withAuthTurnsTokenChecksOnWithARandomRootToken() {
    S2LiteContainer one = new S2LiteContainer().withAuth();
    S2LiteContainer other = new S2LiteContainer().withAuth();
    one.configure();

    assertThat(one.getCommandParts()).containsExactly("--auth");
    assertThat(one.getEnvMap()).containsEntry("S2LITE_ROOT_TOKEN", one.getAccessToken());
    assertThat(one.getAccessToken()).startsWith("s2lite-root-").isNotEqualTo(other.getAccessToken());
    assertThat(new S2LiteContainer().getAccessToken()).isEqualTo("ignored");
  }

  @Test
  void withAuthOnTheOfficialImageSaysItHasNone() {
    S2LiteContainer s2 = new S2LiteContainer("ghcr.io/s2-streamstore/s2:0.43.4");

    assertThatThrownBy(s2::withAuth).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no --auth");
  }

  @Test
  void resetOnTheOfficialImageSaysThatImageHasNone() {
    S2LiteContainer s2 = new S2LiteContainer("ghcr.io/s2-streamstore/s2:0.43.4");

    assertThatThrownBy(s2::reset).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("ghcr.io/s2-streamstore/s2 has no reset");
    assertThatThrownBy(() -> s2.reset("orders-basin")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no reset");
  }

  @Test
  void testControlOnTheOfficialImageSaysThatImageHasNone() {
    S2LiteContainer s2 = new S2LiteContainer("ghcr.io/s2-streamstore/s2:0.43.4");

    assertThatThrownBy(() -> s2.clock().freeze()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("ghcr.io/s2-streamstore/s2 has no clock control");
    assertThatThrownBy(() -> s2.clock().advance(Duration.ofDays(1))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s2.faults().failNext(Operation.APPEND, 503)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no fault injection");
    assertThatThrownBy(() -> s2.journal().requests()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no journal");
    assertThatThrownBy(() -> s2.snapshots().save("seeded")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no snapshots");
    assertThatThrownBy(() -> s2.seed("{\"basins\": []}")).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("has no seed");
  }

  @Test
  void aFaultRuleIsSentAsTheAdminApiReadsIt() {
    FaultRule rule = FaultRule.on(Operation.READ, Operation.APPEND).basin("orders-basin").streamPrefix("eu/")
        .fail(429).times(2).withProbability(0.5, 42).expiringAfter(Duration.ofMinutes(1));

    assertThat(rule.toJson()).containsEntry("operations", List.of("append", "read"))
        .containsEntry("basin", "orders-basin").containsEntry("stream_prefix", "eu/")
        .containsEntry("action", Map.of("error", Map.of("status", 429)))
        .containsEntry("times", 2).containsEntry("probability", 0.5).containsEntry("seed", 42L)
        .containsEntry("expires_after", "PT1M");
    assertThat(FaultRule.on().delay(Duration.ofMillis(250)).action()).isEqualTo(Map.of("latency", "PT0.25S"));
    assertThat(FaultRule.on().basin("orders-basin").basinPrefix("tenant-a-").toJson())
        .containsEntry("basin", null).containsEntry("basin_prefix", "tenant-a-");
  }

  @Test
  void aJournalQueryBecomesTheRoutesQueryParameters() {
    JournalQuery query = JournalQuery.operation(Operation.CHECK_TAIL).basin("orders-basin").streamPrefix("eu/").status(503);

    assertThat(query.toQueryString(10)).isEqualTo("operation=check_tail&basin=orders-basin&stream_prefix=eu%2F&status=503&limit=10");
  }

  @Test
  void anImageThatIsNeitherTheEmulatorNorTheOfficialOneIsRejected() {
    assertThatThrownBy(() -> new S2LiteContainer("redis:7")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis:7");
  }

  @Test
  void anInvalidBasinNameIsRejectedBeforeAnyContainerStarts() {
    S2LiteContainer s2 = new S2LiteContainer();

    assertThatThrownBy(() -> s2.withBasin("Orders")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid basin name \"Orders\"");
    assertThatThrownBy(() -> s2.withBasin("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s2.withBasin("-starts-with-hyphen")).isInstanceOf(IllegalArgumentException.class);
  }
}
