package dev.s2lite.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A case's HTTP: every request goes through the run's rate limit, and every exchange is recorded
 * with what the OpenAPI description says about its response. The generated client uses it too,
 * through {@link #client()}.
 */
public final class Http {

  private final HttpClient delegate;
  private final RateLimit rateLimit;
  private final SpecValidator validator;
  private final String accessToken;
  private final Guard guard;
  private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

  /** Refuses requests that would touch basins this run did not make. */
  interface Guard {
    void check(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body);
  }

  Http(HttpClient delegate, RateLimit rateLimit, SpecValidator validator, String accessToken, Guard guard) {
    this.delegate = delegate;
    this.rateLimit = rateLimit;
    this.validator = validator;
    this.accessToken = accessToken;
    this.guard = guard;
  }

  List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  Res send(Req req) {
    HttpRequest request = build(req);
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    record(req.method, req.uri(), req.rawPath(), req.headers, req.body, response.statusCode(),
        response.headers(), response.body(), false);
    return new Res(response.statusCode(), response.headers().map(), response.body());
  }

  /** A response whose body is read as it arrives. */
  public static final class Streaming implements AutoCloseable {
    public final int status;
    public final HttpHeaders headers;
    public final InputStream body;
    private final Res buffered;

    Streaming(int status, HttpHeaders headers, InputStream body, Res buffered) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.buffered = buffered;
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The whole response, for a response that is not a stream (an error before it began). */
    public Res whole() {
      if (buffered == null) {
        throw new CaseFailure("expected an error response, got status " + status + " and a stream");
      }
      return buffered;
    }

    /** Fails unless the session started: 200 and this content type. */
    public Streaming started(String contentType) {
      if (status != 200) {
        throw new CaseFailure("expected the session to start (200), got " + status + ": "
            + Exchange.printable(buffered.body()));
      }
      String actual = header("content-type");
      if (actual == null || !actual.startsWith(contentType)) {
        throw new CaseFailure("expected Content-Type " + contentType + ", got " + actual);
      }
      return this;
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // The connection is going away anyway.
      }
    }
  }

  Streaming stream(Req req) {
    HttpRequest request = build(req);
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw new CaseFailure("reading the error response failed: " + e);
      }
      record(req.method, req.uri(), req.rawPath(), req.headers, req.body, response.statusCode(),
          response.headers(), body, false);
      return new Streaming(response.statusCode(), response.headers(), InputStream.nullInputStream(),
          new Res(response.statusCode(), response.headers().map(), body));
    }
    record(req.method, req.uri(), req.rawPath(), req.headers, req.body, 200, response.headers(), null, true);
    return new Streaming(200, response.headers(), response.body(), null);
  }

  /** What a hand-written client on its own connection does before sending: the guard and the rate limit. */
  public void beforeRawRequest(String method, URI uri, List<Map.Entry<String, String>> headers) {
    guard.check(method, uri, headers, null);
    rateLimit.acquire();
  }

  /** The bearer token requests carry. */
  public String token() {
    return accessToken == null ? "ignored" : accessToken;
  }

  /** A response a hand-written client read, as cases see responses. */
  public Res response(int status, Map<String, List<String>> headers, byte[] body) {
    return new Res(status, headers, body);
  }

  /**
   * Records an exchange a hand-written client made on its own connection; {@code body} null
   * means the body was a stream, not read here.
   */
  public void recordRaw(String method, URI uri, List<Map.Entry<String, String>> headers, int status,
      Map<String, List<String>> responseHeaders, byte[] body) {
    HttpHeaders h = HttpHeaders.of(responseHeaders, (a, b) -> true);
    record(method, uri, uri.getRawPath(), headers, null, status, h, body, body == null);
  }

  private HttpRequest build(Req req) {
    guard.check(req.method, req.uri(), req.headers, req.body);
    HttpRequest.Builder b = HttpRequest.newBuilder(req.uri()).timeout(req.timeout)
        .method(req.method, req.body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(req.body));
    if (accessToken != null) {
      b.header("authorization", "Bearer " + accessToken);
    }
    for (Map.Entry<String, String> h : req.headers) {
      b.header(h.getKey(), h.getValue());
    }
    return b.build();
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    rateLimit.acquire();
    try {
      return delegate.send(request, handler);
    } catch (IOException e) {
      throw new CaseFailure(request.method() + " " + request.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CaseAbort("interrupted");
    }
  }

  private void record(String method, URI uri, String rawPath, List<Map.Entry<String, String>> headers,
      byte[] requestBody, int status, HttpHeaders responseHeaders, byte[] body, boolean streamed) {
    String contentType = responseHeaders.firstValue("content-type").orElse(null);
    boolean compressed = responseHeaders.firstValue("content-encoding").isPresent();
    SpecValidator.Verdict verdict = validator.check(method, rawPath, status, contentType,
        compressed ? null : body);
    exchanges.add(new Exchange(method, uri.toString(), List.copyOf(headers), requestBody, status,
        responseHeaders.map(), body == null ? new byte[0] : body, streamed, verdict.operation(),
        verdict.problems()));
  }

  /** An {@link HttpClient} for the generated client: the same limit, guard and recording. */
  public HttpClient client() {
    return new RecordingClient();
  }

  /** A builder that always hands out {@link #client()} (what the generated ApiClient asks for). */
  public HttpClient.Builder clientBuilder() {
    HttpClient client = client();
    return new HttpClient.Builder() {
      @Override public HttpClient.Builder cookieHandler(CookieHandler c) { return this; }
      @Override public HttpClient.Builder connectTimeout(Duration d) { return this; }
      @Override public HttpClient.Builder sslContext(SSLContext s) { return this; }
      @Override public HttpClient.Builder sslParameters(SSLParameters s) { return this; }
      @Override public HttpClient.Builder executor(Executor e) { return this; }
      @Override public HttpClient.Builder followRedirects(HttpClient.Redirect r) { return this; }
      @Override public HttpClient.Builder version(HttpClient.Version v) { return this; }
      @Override public HttpClient.Builder priority(int p) { return this; }
      @Override public HttpClient.Builder proxy(ProxySelector p) { return this; }
      @Override public HttpClient.Builder authenticator(Authenticator a) { return this; }
      @Override public HttpClient build() { return client; }
    };
  }

  private final class RecordingClient extends HttpClient {
    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      request.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
      byte[] requestBody = request.bodyPublisher().map(Http::collect).orElse(null);
      guard.check(request.method(), request.uri(), headers, requestBody);
      HttpRequest.Builder b = HttpRequest.newBuilder(request, (k, v) -> true);
      if (accessToken != null) {
        b.setHeader("authorization", "Bearer " + accessToken);
      }
      HttpRequest sent = b.build();
      rateLimit.acquire();
      HttpResponse<byte[]> response = delegate.send(sent, HttpResponse.BodyHandlers.ofByteArray());
      record(request.method(), request.uri(), request.uri().getRawPath(), headers, requestBody,
          response.statusCode(), response.headers(), response.body(), false);
      return Responses.withBody(response, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return send(request, handler);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CaseAbort("interrupted");
        }
      });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
        HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
      return sendAsync(request, handler);
    }
  }

  /** The bytes a body publisher publishes (byte-array publishers replay for each subscriber). */
  private static byte[] collect(HttpRequest.BodyPublisher publisher) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountDownLatch done = new CountDownLatch(1);
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
      @Override public void onNext(ByteBuffer item) {
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        out.write(bytes, 0, bytes.length);
      }
      @Override public void onError(Throwable t) { done.countDown(); }
      @Override public void onComplete() { done.countDown(); }
    });
    try {
      done.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
