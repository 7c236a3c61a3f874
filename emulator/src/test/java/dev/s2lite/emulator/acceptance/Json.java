package dev.s2lite.emulator.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON for tests, independent of the emulator's own JSON layer. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Test JSON written with single quotes, so it needs no escaping inside Java strings. */
  static String quotes(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** Parses test JSON written with single quotes. */
  static JsonNode of(String singleQuoted) {
    return parse(quotes(singleQuoted).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode parse(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
  }
}
