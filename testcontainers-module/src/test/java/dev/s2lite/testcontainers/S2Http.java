package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** The S2 HTTP API through the JDK HttpClient, as a user's test would call it. */
final class S2Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;

  S2Http(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** A response: status and body. */
  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  Response get(String path, Map<String, String> headers) {
    return send(request(path, headers).GET());
  }

  Response post(String path, Map<String, String> headers, Object json) {
    try {
      return send(request(path, headers).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void createBasin(String basin) {
    Response created = post("/v1/basins", Map.of(), Map.of("basin", basin));
    assertThat(created.status()).as("create basin %s: %s", basin, created.body()).isEqualTo(201);
  }

  void createStream(String basin, String stream) {
    Response created = post("/v1/streams", Map.of("s2-basin", basin), Map.of("stream", stream));
    assertThat(created.status()).as("create stream %s: %s", stream, created.body()).isEqualTo(201);
  }

  /** Appends records with these bodies; returns the ack. */
  JsonNode append(String basin, String stream, String... bodies) {
    Response ack = post(records(stream), Map.of("s2-basin", basin),
        Map.of("records", Arrays.stream(bodies).map(b -> Map.of("body", b)).toList()));
    assertThat(ack.status()).as("append: %s", ack.body()).isEqualTo(200);
    return ack.json();
  }

  static String records(String stream) {
    return "/v1/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8) + "/records";
  }

  HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(TIMEOUT);
    headers.forEach(builder::header);
    return builder;
  }

  static HttpClient client() {
    return CLIENT;
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
