package dev.s2lite.conformance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request as a case writes it: method, base URI, raw (already percent-encoded) path and query,
 * headers and body. Nothing is added behind the case's back but {@code Authorization}.
 */
public final class Req {

  final Http http;
  final String method;
  final URI base;
  final String path;
  final List<Map.Entry<String, String>> headers = new ArrayList<>();
  byte[] body;
  Duration timeout = Duration.ofSeconds(20);

  Req(Http http, String method, URI base, String path) {
    this.http = http;
    this.method = method;
    this.base = base;
    this.path = path;
  }

  public Req header(String name, String value) {
    headers.add(Map.entry(name, value));
    return this;
  }

  /** A JSON body with {@code Content-Type: application/json}; single quotes stand for double quotes. */
  public Req json(String singleQuoted) {
    return header("content-type", "application/json").body(Json.quotes(singleQuoted));
  }

  /** A JSON body written exactly (no quote replacement). */
  public Req jsonExact(String json) {
    return header("content-type", "application/json").body(json);
  }

  public Req body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  public Req body(byte[] bytes) {
    this.body = bytes;
    return this;
  }

  public Req timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public URI uri() {
    return URI.create(base + path);
  }

  /** The path without its query. */
  String rawPath() {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** Sends it and reads the whole response. */
  public Res send() {
    return http.send(this);
  }

  /** Sends it and hands over the response body as it streams (SSE, S2S). */
  public Http.Streaming stream() {
    return http.stream(this);
  }
}
