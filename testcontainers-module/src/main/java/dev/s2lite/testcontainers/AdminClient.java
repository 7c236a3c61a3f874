package dev.s2lite.testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the emulator's admin routes ({@code /_emulator/...}) of one container and turns any
 * answer other than the expected status into an {@link IllegalStateException} carrying the S2
 * error the emulator gave.
 */
final class AdminClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
  /** One client for every container of the JVM. */
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private final S2LiteContainer container;

  AdminClient(S2LiteContainer container) {
    this.container = container;
  }

  /** GETs a route answering 200 with JSON. */
  JsonNode getJson(String capability, String path) {
    return json(send(capability, path, HttpRequest.newBuilder().GET(), 200));
  }

  /** GETs a route answering 200 with a file. */
  byte[] getBytes(String capability, String path) {
    return send(capability, path, HttpRequest.newBuilder().GET(), 200);
  }

  /** POSTs a JSON body (none when null), expecting {@code status}; answers the JSON reply, or null for none. */
  JsonNode post(String capability, String path, Object body, int status) {
    HttpRequest.Builder request = HttpRequest.newBuilder();
    if (body == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    }
    return json(send(capability, path, request, status));
  }

  /** POSTs or PUTs raw bytes (a snapshot file, an init file), expecting {@code status}. */
  JsonNode upload(String capability, String method, String path, String contentType, byte[] body, int status) {
    return json(send(capability, path, HttpRequest.newBuilder().header("content-type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)), status));
  }

  /** DELETEs, expecting 204; false if the route answered 404. */
  boolean delete(String capability, String path) {
    URI route = container.admin(capability, path);
    HttpResponse<byte[]> response = exchange(route, HttpRequest.newBuilder().DELETE());
    if (response.statusCode() == 404) {
      return false;
    }
    check(route, "DELETE", response, 204);
    return true;
  }

  private byte[] send(String capability, String path, HttpRequest.Builder request, int status) {
    URI route = container.admin(capability, path);
    HttpResponse<byte[]> response = exchange(route, request);
    check(route, request.build().method(), response, status);
    return response.body();
  }

  private HttpResponse<byte[]> exchange(URI route, HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.uri(route).header("authorization", "Bearer " + container.getAccessToken())
          .timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void check(URI route, String method, HttpResponse<byte[]> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(method + " " + route + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private static JsonNode json(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator answered something that is not JSON", e);
    }
  }

  private static byte[] bytes(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
