package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A whole response, with expectations that fail the case saying what was expected and what came. */
public final class Res {

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private JsonNode json;

  Res(int status, Map<String, List<String>> headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public byte[] body() {
    return body;
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of a header (names are case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }

  public JsonNode json() {
    if (json == null) {
      json = Json.parse(body);
    }
    return json;
  }

  /** The JSON value at a JSON pointer such as {@code /tail/seq_num}. */
  public JsonNode at(String pointer) {
    return json().at(pointer);
  }

  public long longAt(String pointer) {
    JsonNode n = at(pointer);
    if (!n.isIntegralNumber()) {
      throw new CaseFailure("expected an integer at " + pointer + ", got " + n + " in " + text());
    }
    return n.asLong();
  }

  public String textAt(String pointer) {
    JsonNode n = at(pointer);
    if (!n.isTextual()) {
      throw new CaseFailure("expected a string at " + pointer + ", got " + n + " in " + text());
    }
    return n.asText();
  }

  public Res status(int expected) {
    if (status != expected) {
      throw new CaseFailure("expected status " + expected + ", got " + status + ": " + Exchange.printable(body));
    }
    return this;
  }

  /** An S2 error: the status, and a JSON body with this {@code code} and a message. */
  public Res error(int expectedStatus, String code) {
    status(expectedStatus);
    JsonNode j = json();
    if (!code.equals(j.path("code").asText(null))) {
      throw new CaseFailure("expected error code " + code + ", got " + j);
    }
    if (!j.path("message").isTextual()) {
      throw new CaseFailure("expected an error message string, got " + j);
    }
    return this;
  }

  /** The error message contains this text. */
  public Res messageContains(String text) {
    String message = json().path("message").asText("");
    if (!message.contains(text)) {
      throw new CaseFailure("expected the message to contain \"" + text + "\", got \"" + message + "\"");
    }
    return this;
  }

  public Res header(String name, String expected) {
    String actual = header(name);
    if (!Objects.equals(expected, actual)) {
      throw new CaseFailure("expected header " + name + ": " + expected + ", got " + actual);
    }
    return this;
  }

  public Res noHeader(String name) {
    String actual = header(name);
    if (actual != null) {
      throw new CaseFailure("expected no header " + name + ", got " + actual);
    }
    return this;
  }

  /** The JSON value at a pointer equals the JSON written with single quotes. */
  public Res json(String pointer, String expectedSingleQuoted) {
    JsonNode expected = Json.parse(expectedSingleQuoted);
    JsonNode actual = at(pointer);
    if (!expected.equals(actual)) {
      throw new CaseFailure("expected " + (pointer.isEmpty() ? "body" : pointer) + " = " + expected
          + ", got " + (actual.isMissingNode() ? "(absent)" : actual) + (pointer.isEmpty() ? "" : " in " + text()));
    }
    return this;
  }

  public Res jsonAbsent(String pointer) {
    if (!at(pointer).isMissingNode()) {
      throw new CaseFailure("expected no " + pointer + ", got " + at(pointer) + " in " + text());
    }
    return this;
  }

  public Res emptyBody() {
    if (body.length != 0) {
      throw new CaseFailure("expected an empty body, got " + Exchange.printable(body));
    }
    return this;
  }

  /** The records of a JSON read batch. */
  public JsonNode records() {
    JsonNode r = at("/records");
    if (!r.isArray()) {
      throw new CaseFailure("expected a records array, got " + text());
    }
    return r;
  }

  public Res recordCount(int expected) {
    if (records().size() != expected) {
      throw new CaseFailure("expected " + expected + " records, got " + records().size() + ": " + text());
    }
    return this;
  }

  /** The bodies of the records, in order, equal these. */
  public Res bodies(String... expected) {
    JsonNode records = records();
    StringBuilder got = new StringBuilder();
    for (JsonNode r : records) {
      got.append(got.length() == 0 ? "" : ", ").append(r.path("body").asText(""));
    }
    if (records.size() != expected.length) {
      throw new CaseFailure("expected bodies [" + String.join(", ", expected) + "], got [" + got + "]");
    }
    for (int i = 0; i < expected.length; i++) {
      if (!expected[i].equals(records.get(i).path("body").asText(""))) {
        throw new CaseFailure("expected bodies [" + String.join(", ", expected) + "], got [" + got + "]");
      }
    }
    return this;
  }
}
