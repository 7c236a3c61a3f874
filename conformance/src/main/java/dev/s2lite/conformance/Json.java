package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON helpers for cases. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Single quotes stand for double quotes, so JSON reads well inside Java strings. */
  public static String quotes(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  public static JsonNode parse(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new CaseFailure("expected a JSON body, got: " + Exchange.printable(bytes));
    }
  }

  public static JsonNode parse(String singleQuoted) {
    try {
      return MAPPER.readTree(quotes(singleQuoted));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON string literal of {@code s}. */
  public static String string(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
