package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks responses against the project's OpenAPI description (module {@code openapi}): the
 * request's operation must declare the status, the response's content type, and a JSON body
 * must match the declared schema (JSON Schema 2020-12, as OpenAPI 3.1 says).
 */
public final class SpecValidator {

  public static final String RESOURCE = "/dev/s2lite/openapi/s2-v1.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode spec;
  private final List<Operation> operations = new ArrayList<>();
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** An operation of the description: method, path template split in segments, id. */
  public record Operation(String method, String path, String[] segments, String id, JsonNode node) {}

  /** What the description says of one response. */
  public record Verdict(String operation, List<String> problems) {}

  public SpecValidator() {
    // The schema library warns once about the `components` keyword our wrapper schemas carry.
    System.setProperty("org.slf4j.simpleLogger.log.com.networknt", "error");
    try (InputStream in = SpecValidator.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI description is not on the class path: " + RESOURCE);
      }
      spec = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (op.getValue().has("operationId")) {
          operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
              path.getKey().split("/"), op.getValue().get("operationId").asText(), op.getValue()));
        }
      }
    }
  }

  /** Every operation of the description, for coverage. */
  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** The operation a request matches, or null (an unknown route). */
  public Operation match(String method, String rawPath) {
    String[] segments = rawPath.split("/", -1);
    for (Operation op : operations) {
      if (!op.method().equals(method) || op.segments().length != segments.length) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < segments.length && same; i++) {
        String t = op.segments()[i];
        same = t.startsWith("{") ? !segments[i].isEmpty() : t.equals(segments[i]);
      }
      if (same) {
        return op;
      }
    }
    return null;
  }

  /**
   * Checks a response. A streamed body (SSE, S2S) is checked by status and content type only;
   * {@code body} null means it was not read.
   */
  public Verdict check(String method, String rawPath, int status, String contentType, byte[] body) {
    Operation op = match(method, rawPath);
    if (op == null) {
      return new Verdict(null, List.of());
    }
    List<String> problems = new ArrayList<>();
    JsonNode response = resolve(op.node().path("responses").path(Integer.toString(status)));
    if (response.isMissingNode()) {
      response = resolve(op.node().path("responses").path("default"));
    }
    if (response.isMissingNode()) {
      problems.add("status " + status + " is not a response of " + op.id() + " in the description");
      return new Verdict(op.id(), problems);
    }
    JsonNode content = response.path("content");
    boolean empty = body != null && body.length == 0;
    if (content.isMissingNode() || content.isEmpty()) {
      if (body != null && !empty) {
        problems.add(op.id() + " " + status + " has no body in the description, but one came ("
            + body.length + " bytes)");
      }
      return new Verdict(op.id(), problems);
    }
    String mediaType = contentType == null ? null
        : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType == null || !content.has(mediaType)) {
      List<String> declared = new ArrayList<>();
      content.fieldNames().forEachRemaining(declared::add);
      problems.add(op.id() + " " + status + " answered Content-Type " + contentType
          + "; the description declares " + declared);
      return new Verdict(op.id(), problems);
    }
    if (mediaType.equals("application/json") && body != null) {
      JsonNode value;
      try {
        value = JSON.readTree(body);
      } catch (IOException e) {
        problems.add(op.id() + " " + status + " body is not JSON: " + e.getMessage());
        return new Verdict(op.id(), problems);
      }
      if (value == null) {
        problems.add(op.id() + " " + status + " body is empty, the description declares JSON");
        return new Verdict(op.id(), problems);
      }
      JsonNode schemaNode = content.get(mediaType).path("schema");
      for (Error error : schema(op.id() + " " + status + " " + mediaType, schemaNode).validate(value)) {
        problems.add(op.id() + " " + status + " body does not match the description: "
            + error.getInstanceLocation() + ": " + error.getMessage());
      }
    }
    return new Verdict(op.id(), problems);
  }

  private Schema schema(String key, JsonNode schemaNode) {
    return schemas.computeIfAbsent(key, k -> {
      ObjectNode root = JSON.createObjectNode();
      root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      root.setAll((ObjectNode) schemaNode.deepCopy());
      root.set("components", spec.get("components"));
      return registry.getSchema(root);
    });
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = spec.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  /** Operation ids by tag, for the coverage table. */
  public Map<String, String> operationTags() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Operation op : operations) {
      out.put(op.id(), op.method() + " " + op.path());
    }
    return out;
  }
}
