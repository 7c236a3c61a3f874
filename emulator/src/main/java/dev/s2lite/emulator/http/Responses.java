package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.store.Page;
import dev.s2lite.emulator.store.ProvisionResult;
import dev.s2lite.emulator.store.Provisioned;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/** Writing unary responses: JSON (and other) bodies, compressed as lite compresses them. */
public final class Responses {

  /** Bodies of at least this many bytes are compressed when the client accepts it. */
  public static final int COMPRESSION_THRESHOLD = 1024;

  private Responses() {}

  public static void json(Context ctx, int status, JsonNode body) {
    bytes(ctx, status, "application/json", Json.bytes(body));
  }

  /** A listing: the page's items under {@code key}, then {@code has_more}. */
  static <T> void page(Context ctx, String key, Page<T> page, Function<T, ObjectNode> info) {
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray(key);
    page.items().forEach(item -> items.add(info.apply(item)));
    body.put("has_more", page.hasMore());
    json(ctx, 200, body);
  }

  /** A create or ensure: the {@code s2-provision-result} header and the resource's info. */
  static <T> void provisioned(
      Context ctx, int status, Provisioned<T> result, Function<T, ObjectNode> info) {
    ctx.header("s2-provision-result", result.result().wire());
    json(ctx, status, info.apply(result.resource()));
  }

  /** An ensure: 201 when it created the resource, else 200. */
  static <T> void ensured(Context ctx, Provisioned<T> result, Function<T, ObjectNode> info) {
    provisioned(ctx, result.result() == ProvisionResult.CREATED ? 201 : 200, result, info);
  }

  public static void empty(Context ctx, int status) {
    ctx.status(status);
    ctx.result(new byte[0]);
  }

  public static void bytes(Context ctx, int status, String contentType, byte[] body) {
    ctx.status(status);
    ctx.contentType(contentType);
    ctx.res().addHeader("vary", "accept-encoding");
    Encoding encoding = body.length >= COMPRESSION_THRESHOLD
        ? Encoding.preferred(acceptEncoding(ctx))
        : Encoding.IDENTITY;
    switch (encoding) {
      case ZSTD -> {
        ctx.header("content-encoding", "zstd");
        ctx.result(Zstd.compress(body));
      }
      case GZIP -> {
        ctx.header("content-encoding", "gzip");
        ctx.result(gzip(body));
      }
      default -> ctx.result(body);
    }
  }

  /** Every {@code Accept-Encoding} header of the request, as one list; null when there is none. */
  private static String acceptEncoding(Context ctx) {
    List<String> values = Collections.list(ctx.req().getHeaders("accept-encoding"));
    return values.isEmpty() ? null : String.join(",", values);
  }

  public static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A response or message compression, picked from {@code Accept-Encoding}: zstd, then gzip. */
  public enum Encoding {
    ZSTD,
    GZIP,
    IDENTITY;

    public static Encoding preferred(String acceptEncoding) {
      if (acceptEncoding == null) {
        return IDENTITY;
      }
      // As lite's compression layer: the highest q-value wins, ties go to zstd over gzip over
      // identity, q=0 means "not acceptable", and entries that do not parse are ignored.
      Encoding best = IDENTITY;
      int bestQ = 0;
      for (String entry : acceptEncoding.split(",")) {
        String[] parts = entry.split(";", 2);
        Encoding coding = switch (parts[0].trim().toLowerCase(Locale.ROOT)) {
          case "zstd" -> ZSTD;
          case "gzip", "x-gzip" -> GZIP;
          case "identity" -> IDENTITY;
          default -> null;
        };
        int q = parts.length == 1 ? 1000 : qValue(parts[1].trim());
        if (coding != null && q > 0 && (q > bestQ || (q == bestQ && coding.ordinal() < best.ordinal()))) {
          best = coding;
          bestQ = q;
        }
      }
      return best;
    }

    /**
     * The compression of S2S session messages, as lite's session layer picks it: zstd if any
     * listed coding is zstd, else gzip if listed, else none; an entry marked {@code q=0} is
     * skipped (lite 0.43), other q-values are ignored.
     */
    public static Encoding forSessionMessages(String acceptEncoding) {
      if (acceptEncoding == null) {
        return IDENTITY;
      }
      boolean gzip = false;
      for (String entry : acceptEncoding.split(",")) {
        String[] parts = entry.split(";");
        if (markedNotAcceptable(parts)) {
          continue;
        }
        String coding = parts[0].trim().toLowerCase(Locale.ROOT);
        if (coding.equals("zstd")) {
          return ZSTD;
        }
        gzip |= coding.equals("gzip");
      }
      return gzip ? GZIP : IDENTITY;
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Whether one of an entry's parameters is a {@code q} (any case) whose number is 0. */
    private static boolean markedNotAcceptable(String[] entryParts) {
      for (int i = 1; i < entryParts.length; i++) {
        String[] param = entryParts[i].trim().split("=", 2);
        if (param.length == 2 && param[0].trim().equalsIgnoreCase("q")
            && DECIMAL.matcher(param[1].trim()).matches() && Double.parseDouble(param[1].trim()) == 0) {
          return true;
        }
      }
      return false;
    }

    /** A q-value ("q=0.5") in thousandths, or -1 when it is not one (RFC 9110 §12.4.2). */
    private static int qValue(String text) {
      if (text.length() < 3 || Character.toLowerCase(text.charAt(0)) != 'q' || text.charAt(1) != '=') {
        return -1;
      }
      String number = text.substring(2);
      if (!number.matches("[01](\\.\\d{0,3})?")) {
        return -1;
      }
      int value = (number.charAt(0) - '0') * 1000;
      for (int i = 2, factor = 100; i < number.length(); i++, factor /= 10) {
        value += (number.charAt(i) - '0') * factor;
      }
      return value <= 1000 ? value : -1;
    }
  }
}
