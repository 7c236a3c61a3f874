package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** Reading requests the way lite does: headers, path segments, query strings and bodies. */
public final class Requests {

  /** The body limit of a unary request (axum's default, which lite keeps). */
  public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** The body limit of an admin upload under {@code /_emulator/} (snapshot files, seeds). */
  public static final int MAX_ADMIN_BODY_BYTES = 64 * 1024 * 1024;

  private Requests() {}

  // --- headers ---

  /** The {@code S2-Basin} header, required and validated, on every {@code /v1/streams} route. */
  public static String basinHeader(Context ctx) {
    String value = ctx.header("s2-basin");
    if (value == null) {
      throw S2Error.missingHeader("s2-basin");
    }
    String problem = BasinName.problem(value);
    if (problem != null) {
      throw S2Error.invalidHeader("s2-basin", problem);
    }
    return value;
  }

  /** The optional {@code s2-request-token} (at most 36 bytes), or null. */
  public static String requestToken(Context ctx) {
    String value = ctx.header("s2-request-token");
    if (value == null) {
      return null;
    }
    int length = value.getBytes(StandardCharsets.UTF_8).length;
    if (length > 36) {
      throw S2Error.invalidHeader("s2-request-token",
          "request token was longer than 36 bytes in length: " + length);
    }
    return value;
  }

  // --- path ---

  /**
   * The {@code index}th segment of the raw request path, percent-decoded as a path segment (a
   * {@code +} stays a plus; {@code %2F} becomes a slash inside the one segment).
   */
  public static String pathSegment(Context ctx, int index) {
    String raw = ctx.req().getRequestURI();
    String[] segments = raw.split("/", -1);
    return percentDecode(segments[index + 1]);
  }

  public static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length() && hex(segment.charAt(i + 1)) >= 0
          && hex(segment.charAt(i + 2)) >= 0) {
        out.write(hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
        i += 2;
      } else {
        // A whole code point, so a character outside the BMP is not split into lone surrogates.
        int end = i + Character.charCount(segment.codePointAt(i));
        byte[] bytes = segment.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw S2Error.badPath("percent-decoded path segment is not valid UTF-8");
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  // --- query ---

  /**
   * A query parameter given at most once, or null when absent; a repeated one is
   * {@code 400 bad_query}, as lite's query deserializer rejects duplicate fields.
   */
  public static String queryParam(Context ctx, String name) {
    List<String> values = query(ctx).getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw S2Error.badQuery("duplicate field `" + name + "`");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static final String QUERY = "s2lite.query";

  /**
   * The query string's parameters, decoded as lite's query extractor decodes them
   * ({@code application/x-www-form-urlencoded}): {@code +} is a space, a {@code %} not followed by
   * two hex digits stays as it is, bytes that are not UTF-8 become U+FFFD. So {@code count=%zz}
   * is the string "%zz" (then {@code 400 bad_query}), never a dropped parameter.
   */
  static Map<String, List<String>> query(Context ctx) {
    @SuppressWarnings("unchecked")
    Map<String, List<String>> parsed = (Map<String, List<String>>) ctx.req().getAttribute(QUERY);
    if (parsed == null) {
      parsed = parseQuery(ctx.req().getQueryString());
      ctx.req().setAttribute(QUERY, parsed);
    }
    return parsed;
  }

  static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String formDecode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < bytes.length && hex((char) bytes[i + 1]) >= 0 && hex((char) bytes[i + 2]) >= 0) {
        out.write(hex((char) bytes[i + 1]) * 16 + hex((char) bytes[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** A string query parameter, or "" when absent. */
  public static String queryString(Context ctx, String name) {
    String value = queryParam(ctx, name);
    return value == null ? "" : value;
  }

  /** An unsigned integer query parameter, or null when absent. */
  public static Long queryU64(Context ctx, String name) {
    String value = queryParam(ctx, name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      throw S2Error.badQuery(name + ": cannot parse integer from empty string");
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw S2Error.badQuery(name + ": invalid digit found in string");
    }
  }

  /** A u32 query parameter, or null when absent. */
  public static Long queryU32(Context ctx, String name) {
    Long value = queryU64(ctx, name);
    if (value != null && (value < 0 || value > 0xFFFF_FFFFL)) {
      throw S2Error.badQuery(name + ": number too large to fit in target type");
    }
    return value;
  }

  /** A boolean query parameter ({@code true}/{@code false}), or null when absent. */
  public static Boolean queryBoolean(Context ctx, String name) {
    String value = queryParam(ctx, name);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw S2Error.badQuery(name + ": provided string was not `true` or `false`");
    };
  }

  /** The list page size: 1..1000 as given, 0 or anything larger means 1000. */
  public static int listLimit(Context ctx) {
    Long limit = queryU64(ctx, "limit");
    if (limit == null || limit == 0 || limit < 0 || limit > 1000) {
      return 1000;
    }
    return limit.intValue();
  }

  // --- bodies ---

  /**
   * The request body, decompressed per {@code Content-Encoding}, at most {@link #MAX_BODY_BYTES};
   * {@code unreadable} makes the error for a body too large or that cannot be read.
   */
  public static byte[] body(Context ctx, Function<String, S2Error> unreadable) {
    if (ctx.req().getAttribute(RequestGate.BODY_TOO_LARGE) != null) {
      throw unreadable.apply("length limit exceeded");
    }
    try (InputStream in = decoding(ctx, ctx.req().getInputStream())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY_BYTES) {
          throw unreadable.apply("length limit exceeded");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw unreadable.apply("failed to read the request body: " + e.getMessage());
    }
  }

  /**
   * An admin upload's body as it was sent, at most {@link #MAX_ADMIN_BODY_BYTES}: larger is
   * {@code 400 bad_request} saying so (a file on the server's disk has no limit).
   */
  public static byte[] adminBody(Context ctx) {
    if (ctx.req().getAttribute(RequestGate.BODY_TOO_LARGE) != null) {
      throw S2Error.badAdminRequest("the request body is larger than " + (MAX_ADMIN_BODY_BYTES >> 20)
          + " MiB; restore a larger snapshot from a file with --restore-snapshot");
    }
    try {
      return ctx.req().getInputStream().readAllBytes();
    } catch (IOException e) {
      throw S2Error.badAdminRequest("failed to read the request body: " + e.getMessage());
    }
  }

  private static InputStream decoding(Context ctx, InputStream in) throws IOException {
    String encoding = ctx.header("content-encoding");
    if (encoding == null || encoding.isBlank()) {
      return in;
    }
    return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
      case "identity" -> in;
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      case "zstd" -> new ZstdInputStream(in);
      default -> throw new UnsupportedEncoding(encoding);
    };
  }

  /** Whether the first {@code Content-Type} entry is JSON ({@code application/json} or {@code +json}). */
  public static boolean isJson(String contentType) {
    MediaType type = MediaType.parse(contentType);
    return type != null && type.isJson();
  }

  /** The JSON body a request was parsed from, so errors about its values can say where they are. */
  static final String JSON_BODY = "s2lite.json-body";

  /** A required JSON body; a missing or non-JSON {@code Content-Type} is {@code 400 bad_json}. */
  public static JsonNode jsonBody(Context ctx) {
    if (!isJson(ctx.header("content-type"))) {
      throw S2Error.expectedJsonContentType();
    }
    return parseJson(ctx, body(ctx, S2Error::badJson));
  }

  private static JsonNode parseJson(Context ctx, byte[] body) {
    ctx.attribute(JSON_BODY, body);
    return Json.parse(body);
  }

  /**
   * The optional body of an ensure (PUT): null when there is no {@code Content-Type}, or a JSON one
   * with an empty body; a non-JSON {@code Content-Type} is {@code 400 bad_json}, and so is a JSON
   * {@code null}, which serde reports against {@code type} (such as {@code struct StreamConfig}).
   */
  public static JsonNode optionalJsonBody(Context ctx, String type) {
    String contentType = ctx.header("content-type");
    if (contentType == null) {
      return null;
    }
    if (!isJson(contentType)) {
      throw S2Error.expectedJsonContentType();
    }
    byte[] body = body(ctx, S2Error::badJson);
    if (body.length == 0) {
      return null;
    }
    JsonNode node = parseJson(ctx, body);
    if (node.isNull()) {
      throw Fields.typeError("", node, type);
    }
    return node;
  }

  /** A {@code Content-Encoding} the emulator cannot decode: answered with a bare 415. */
  static final class UnsupportedEncoding extends RuntimeException {
    UnsupportedEncoding(String encoding) {
      super("unsupported Content-Encoding: " + encoding, null, false, false);
    }
  }
}
