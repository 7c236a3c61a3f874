package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The example of README.md and of S2LiteContainer's Javadoc, as a user pastes it. */
@Testcontainers
class ReadmeExampleIT {

  @Container
  static final S2LiteContainer S2 = new S2LiteContainer().withBasin("orders-basin");

  @Test
  void listsTheBasin() throws Exception {
    HttpResponse<String> basins = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(S2.getEndpoint().resolve("/v1/basins")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(basins.body()).contains("orders-basin");
  }
}
