package dev.s2lite.emulator.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http.HttpMethod;

/**
 * The two ways clients reach the emulator: HTTP/1.1 (the JDK client, as the Rust SDK talks to
 * {@code http://} endpoints) and HTTP/2 cleartext with prior knowledge (OkHttp, as Node and Go
 * clients do). Every acceptance test runs over both.
 */
enum Transport {

  HTTP_1_1 {
    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Timeout.VALUE)
        .build();

    @Override
    Res send(URI endpoint, Req req) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + req.path()))
          .timeout(Timeout.VALUE)
          .method(req.method(), req.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(req.body()));
      req.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
      try {
        HttpResponse<byte[]> response =
            client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertProtocol(response.version() == HttpClient.Version.HTTP_1_1, response.version());
        return new Res("HTTP/1.1", response.statusCode(), caseInsensitive(response.headers().map()),
            response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(req.toString(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  },

  H2C {
    private final OkHttpClient client = new OkHttpClient.Builder()
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .callTimeout(Timeout.VALUE)
        .retryOnConnectionFailure(false)
        .build();

    @Override
    Res send(URI endpoint, Req req) {
      Headers.Builder headers = new Headers.Builder();
      // Without this OkHttp asks for gzip itself and hides the compression from the test.
      if (req.headers().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("accept-encoding"))) {
        headers.add("accept-encoding", "identity");
      }
      req.headers().forEach(h -> headers.addUnsafeNonAscii(h.getKey(), h.getValue()));
      RequestBody body = req.body() != null
          ? RequestBody.create(req.body(), (MediaType) null)
          : HttpMethod.requiresRequestBody(req.method())
              ? RequestBody.create(new byte[0], (MediaType) null)
              : null;
      Request request = new Request.Builder()
          .url(endpoint + req.path())
          .headers(headers.build())
          .method(req.method(), body)
          .build();
      try (Response response = client.newCall(request).execute()) {
        assertProtocol(response.protocol() == Protocol.H2_PRIOR_KNOWLEDGE, response.protocol());
        return new Res("HTTP/2", response.code(), caseInsensitive(response.headers().toMultimap()),
            response.body().bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(req.toString(), e);
      }
    }
  };

  abstract Res send(URI endpoint, Req req);

  /** Bounds every call, so a server that never answers fails the test instead of hanging it. */
  private static final class Timeout {
    static final Duration VALUE = Duration.ofSeconds(10);
  }

  private static void assertProtocol(boolean expected, Object actual) {
    if (!expected) {
      throw new AssertionError("answered over " + actual);
    }
  }

  private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> out.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    return out;
  }
}
