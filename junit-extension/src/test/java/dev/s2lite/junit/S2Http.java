package dev.s2lite.junit;

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
import java.util.ArrayList;
import java.util.List;

/** The few S2 calls the examples make, over real HTTP with the JDK client, as user code would. */
final class S2Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private S2Http() {}

  /** POST /v1/basins; the status code. */
  static int createBasin(URI endpoint, String basin) {
    return send(HttpRequest.newBuilder(endpoint.resolve("/v1/basins"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("basin", basin).toString())))
        .statusCode();
  }

  /** GET /v1/basins?prefix=: the names listed (first page). */
  static List<String> listBasins(URI endpoint, String prefix) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
        endpoint.resolve("/v1/basins?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8))).GET());
    if (response.statusCode() != 200) {
      throw new AssertionError("list basins answered " + response.statusCode() + ": " + response.body());
    }
    List<String> names = new ArrayList<>();
    for (JsonNode basin : tree(response.body()).get("basins")) {
      names.add(basin.get("name").asText());
    }
    return names;
  }

  /** GET /v1/streams in {@code basin}: the stream names listed. */
  static List<String> listStreams(URI endpoint, String basin) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/v1/streams"))
        .header("s2-basin", basin).GET());
    if (response.statusCode() != 200) {
      throw new AssertionError("list streams answered " + response.statusCode() + ": " + response.body());
    }
    List<String> names = new ArrayList<>();
    for (JsonNode stream : tree(response.body()).get("streams")) {
      names.add(stream.get("name").asText());
    }
    return names;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
