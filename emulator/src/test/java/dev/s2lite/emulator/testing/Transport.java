package dev.s2lite.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;

/** One way of talking HTTP to the server: HTTP/1.1 (JDK client) or h2c prior knowledge (OkHttp). */
public interface Transport extends AutoCloseable {

  /** Sends a request; {@code headers} alternate name, value. */
  Reply send(String method, URI uri, byte[] body, String... headers);

  String protocol();

  @Override
  void close();

  static Transport http1() {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    return new Transport() {
      @Override
      public Reply send(String method, URI uri, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
            .method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
          b.header(headers[i], headers[i + 1]);
        }
        try {
          HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
          return new Reply(r.statusCode(), r.headers().map(), r.body(), "HTTP/1.1");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }

      @Override
      public String protocol() {
        return "HTTP/1.1";
      }

      @Override
      public void close() {}
    };
  }

  static Transport h2c() {
    OkHttpClient client = new OkHttpClient.Builder()
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .readTimeout(90, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false)
        .build();
    return new Transport() {
      @Override
      public Reply send(String method, URI uri, byte[] body, String... headers) {
        Request.Builder b = new Request.Builder().url(uri.toString());
        String contentType = null;
        for (int i = 0; i < headers.length; i += 2) {
          b.header(headers[i], headers[i + 1]);
          if (headers[i].equalsIgnoreCase("content-type")) {
            contentType = headers[i + 1];
          }
        }
        RequestBody rb = body == null
            ? (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                ? RequestBody.create(new byte[0], null) : null)
            : RequestBody.create(body, contentType == null ? null : okhttp3.MediaType.get(contentType));
        b.method(method, rb);
        try (okhttp3.Response r = client.newCall(b.build()).execute()) {
          if (r.protocol() != Protocol.H2_PRIOR_KNOWLEDGE) {
            throw new IllegalStateException("expected h2c, got " + r.protocol());
          }
          return new Reply(r.code(), r.headers().toMultimap(), r.body().bytes(), "h2c");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String protocol() {
        return "h2c";
      }

      @Override
      public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  /** A response: status, headers (lower-case names), body. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body, String protocol) {

    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public com.fasterxml.jackson.databind.JsonNode json() {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return protocol + " " + status + " " + text();
    }
  }
}
