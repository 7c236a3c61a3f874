package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.init.InitFileException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding API, as its Javadoc shows it. */
class S2LiteServerTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theJavadocExampleServesAndResets() throws Exception {
    URI seen;
    // The example of S2LiteServer's Javadoc, with assertions between its lines.
    try (S2LiteServer s2 = S2LiteServer.builder().port(0).build().start()) {
      URI endpoint = s2.endpoint(); // e.g. http://127.0.0.1:41234
      // point an S2 SDK at it: S2_ACCOUNT_ENDPOINT and S2_BASIN_ENDPOINT = endpoint
      assertThat(post(endpoint, "/v1/basins", "{\"basin\": \"my-basin-1\"}").statusCode()).isEqualTo(201);
      s2.reset(); // forget every basin and stream
      seen = endpoint;
      assertThat(s2.accountEndpoint()).isEqualTo(endpoint).isEqualTo(s2.basinEndpoint());
      assertThat(endpoint.toString()).isEqualTo("http://127.0.0.1:" + s2.port());
      assertThat(get(endpoint, "/v1/basins").body()).isEqualTo("{\"basins\":[],\"has_more\":false}");
    }
    // A new client, so a new connection: a pooled HTTP/2 connection of CLIENT may still be closing
    // (the JDK client then fails with "GOAWAY received", or hangs), which says nothing of the server.
    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(seen.resolve("/v1/basins"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void basinsAreCreatedAtStartAfterTheInitFile() throws Exception {
    byte[] init = "{\"basins\": [{\"name\": \"from-init-file\"}]}".getBytes(StandardCharsets.UTF_8);
    try (S2LiteServer s2 = S2LiteServer.builder()
        .initFile("classpath:s2/init.json", init)
        .basins(List.of("from-builder"))
        .build().start()) {
      assertThat(get(s2.endpoint(), "/v1/basins").body())
          .contains("\"name\":\"from-builder\"")
          .contains("\"name\":\"from-init-file\"");
    }
  }

  @Test
  void aBuilderBasinThatTheInitFileConfiguresKeepsItsConfig() throws Exception {
    byte[] init = ("{\"basins\": [{\"name\": \"orders-basin\","
        + " \"config\": {\"create_stream_on_append\": true}}]}").getBytes(StandardCharsets.UTF_8);
    try (S2LiteServer s2 = S2LiteServer.builder()
        .initFile("classpath:s2/init.json", init)
        .basins(List.of("orders-basin"))
        .build().start()) {
      assertThat(get(s2.endpoint(), "/v1/basins/orders-basin").body())
          .contains("\"create_stream_on_append\":true");
    }
  }

  @Test
  void anInitFileGivenAsBytesIsNamedByItsSourceInErrors() {
    byte[] init = "{\"basins\": [{\"name\": \"orders-basin\", \"confg\": {}}]}".getBytes(StandardCharsets.UTF_8);
    S2LiteServer s2 = S2LiteServer.builder().initFile("classpath:s2/init.json", init).build();

    assertThatThrownBy(s2::start)
        .isInstanceOf(InitFileException.class)
        .hasMessage("init file classpath:s2/init.json: unknown field `basins[0].confg`");
  }

  @Test
  void anInvalidBasinNameIsRefusedByTheBuilderWithTheReason() {
    assertThatThrownBy(() -> S2LiteServer.builder().basins(List.of("short")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid basin name \"short\": basin name should be at least 8 bytes in length");
  }

  private static HttpResponse<String> get(URI endpoint, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI endpoint, String path, String json) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
