package dev.s2lite.emulator.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.error.S2Error;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the emulator, and strict parsing into trees. */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Parses a JSON document (a request body, a header, a file); any syntax problem, including an
   * empty document, is {@code 400 bad_json} with serde_json's message and position, as lite reports it.
   */
  public static JsonNode parse(byte[] body) {
    JsonSyntax.check(body);
    try (JsonParser parser = MAPPER.createParser(body)) {
      return MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      // Beyond what serde_json checks (Jackson's own limits, such as nesting depth).
      throw S2Error.badJson(e.getLocation() == null ? e.getOriginalMessage()
          : e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String string(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }
}
