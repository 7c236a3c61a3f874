package dev.s2lite.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** Turns a response read as bytes into the response type a caller's body handler asked for. */
final class Responses {

  private Responses() {}

  static <T> HttpResponse<T> withBody(HttpResponse<byte[]> response, HttpResponse.BodyHandler<T> handler) {
    HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
      @Override public int statusCode() { return response.statusCode(); }
      @Override public HttpHeaders headers() { return response.headers(); }
      @Override public HttpClient.Version version() { return response.version(); }
    };
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
      @Override public void request(long n) {}
      @Override public void cancel() {}
    });
    subscriber.onNext(List.of(ByteBuffer.wrap(response.body())));
    subscriber.onComplete();
    T body = subscriber.getBody().toCompletableFuture().join();
    return new HttpResponse<>() {
      @Override public int statusCode() { return response.statusCode(); }
      @Override public HttpRequest request() { return response.request(); }
      @Override public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
      @Override public HttpHeaders headers() { return response.headers(); }
      @Override public T body() { return body; }
      @Override public Optional<SSLSession> sslSession() { return response.sslSession(); }
      @Override public URI uri() { return response.uri(); }
      @Override public HttpClient.Version version() { return response.version(); }
    };
  }
}
