package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A response as received, undecoded: status, headers (names case-insensitive), raw body bytes. */
record Res(String protocol, int status, Map<String, List<String>> headers, byte[] body) {

  /** The first value of a header, or null. */
  String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  JsonNode json() {
    return Json.parse(body);
  }

  /** Asserts the status, showing the whole response when it is not the expected one. */
  Res assertStatus(int expected) {
    assertThat(status).as("status of %s", this).isEqualTo(expected);
    return this;
  }

  /** Asserts an S2 error: status, JSON content type, and {@code code}; returns the message. */
  String assertError(int expectedStatus, String expectedCode) {
    assertStatus(expectedStatus);
    assertThat(header("content-type")).as("content-type of %s", this).startsWith("application/json");
    JsonNode body = json();
    assertThat(body.path("code").asText()).as("code of %s", this).isEqualTo(expectedCode);
    assertThat(body.path("message").isTextual()).as("message of %s", this).isTrue();
    return body.path("message").asText();
  }

  /** Asserts a successful JSON response and returns its body. */
  JsonNode assertJson(int expectedStatus) {
    assertStatus(expectedStatus);
    assertThat(header("content-type")).as("content-type of %s", this).startsWith("application/json");
    return json();
  }

  @Override
  public String toString() {
    return protocol + " " + status + " " + headers + " " + text();
  }
}
