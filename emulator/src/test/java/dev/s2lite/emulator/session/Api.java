package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Unary calls the session tests make around their sessions, over the JDK HttpClient. */
final class Api {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;

  Api(URI endpoint) {
    this.endpoint = endpoint;
  }

  HttpResponse<String> send(String method, String path, String basin, String json) {
    return sendWithHeader(method, path, basin, json);
  }

  /** {@link #send}, with extra headers (name, value, ...). */
  HttpResponse<String> sendWithHeader(String method, String path, String basin, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("content-type", "application/json");
    }
    if (basin != null) {
      b.header("s2-basin", basin);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  void createBasin(String basin, boolean createStreamOnAppendAndRead) {
    String config = createStreamOnAppendAndRead
        ? ",\"config\":{\"create_stream_on_append\":true,\"create_stream_on_read\":true}" : "";
    assertThat(send("POST", "/v1/basins", null, "{\"basin\":\"" + basin + "\"" + config + "}").statusCode())
        .isEqualTo(201);
  }

  void createBasinWithConfig(String basin, String configJson) {
    assertThat(send("POST", "/v1/basins", null, "{\"basin\":\"" + basin + "\",\"config\":" + configJson + "}")
        .statusCode()).isEqualTo(201);
  }

  void createStream(String basin, String stream) {
    assertThat(send("POST", "/v1/streams", basin, "{\"stream\":\"" + stream + "\"}").statusCode()).isEqualTo(201);
  }

  /** A unary JSON append of text records; returns the ack's end seq_num. */
  long append(String basin, String stream, String... bodies) {
    StringBuilder json = new StringBuilder("{\"records\":[");
    for (int i = 0; i < bodies.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"body\":").append(quote(bodies[i])).append('}');
    }
    json.append("]}");
    HttpResponse<String> r = send("POST", "/v1/streams/" + stream + "/records", basin, json.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return parse(r.body()).get("end").get("seq_num").asLong();
  }

  long tail(String basin, String stream) {
    HttpResponse<String> r = send("GET", "/v1/streams/" + stream + "/records/tail", basin, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return parse(r.body()).get("tail").get("seq_num").asLong();
  }

  /** Every record body from seq 0, in order, with their seq_nums checked to be dense. */
  List<String> readAll(String basin, String stream) {
    List<String> bodies = new ArrayList<>();
    long tail = tail(basin, stream);
    while (bodies.size() < tail) {
      HttpResponse<String> r = send("GET", "/v1/streams/" + stream + "/records?seq_num=" + bodies.size(), basin, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      for (JsonNode rec : parse(r.body()).get("records")) {
        assertThat(rec.get("seq_num").asLong()).isEqualTo(bodies.size());
        bodies.add(rec.has("body") ? rec.get("body").asText() : "");
      }
    }
    return bodies;
  }

  void deleteStream(String basin, String stream) {
    assertThat(send("DELETE", "/v1/streams/" + stream, basin, null).statusCode()).isEqualTo(202);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
