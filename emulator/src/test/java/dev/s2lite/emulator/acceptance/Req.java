package dev.s2lite.emulator.acceptance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request as a test writes it: method, raw path (already percent-encoded), headers, and an
 * optional body. Nothing is added behind the test's back: no body means no {@code Content-Type}.
 */
record Req(String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {

  static Req get(String path) {
    return new Req("GET", path, List.of(), null);
  }

  static Req post(String path) {
    return new Req("POST", path, List.of(), null);
  }

  static Req put(String path) {
    return new Req("PUT", path, List.of(), null);
  }

  static Req patch(String path) {
    return new Req("PATCH", path, List.of(), null);
  }

  static Req delete(String path) {
    return new Req("DELETE", path, List.of(), null);
  }

  static Req method(String method, String path) {
    return new Req(method, path, List.of(), null);
  }

  Req header(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(Map.entry(name, value));
    return new Req(method, path, List.copyOf(more), body);
  }

  /** The {@code S2-Basin} header every {@code /v1/streams} request needs. */
  Req basin(String basin) {
    return header("s2-basin", basin);
  }

  /** A JSON body with {@code Content-Type: application/json}; single quotes stand for double quotes. */
  Req json(String singleQuotedJson) {
    return header("content-type", "application/json").body(Json.quotes(singleQuotedJson));
  }

  /** A body sent as is, with only the headers the test set. */
  Req body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  Req body(byte[] bytes) {
    return new Req(method, path, headers, bytes);
  }

  @Override
  public String toString() {
    return method + " " + path + " " + headers
        + (body == null ? "" : " " + new String(body, StandardCharsets.UTF_8));
  }
}
