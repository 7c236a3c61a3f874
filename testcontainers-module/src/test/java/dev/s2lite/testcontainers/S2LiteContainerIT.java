package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
