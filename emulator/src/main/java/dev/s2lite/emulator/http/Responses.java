package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.json.Json;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writing unary responses: JSON (and other) bodies, compressed as lite compresses them. */
public final class Responses {

  /** Bodies of at least this many bytes are compressed when the client accepts it. */
  public static final int COMPRESSION_THRESHOLD = 1024;

  private Responses() {}

  public static void json(Context ctx, int status, JsonNode body) {
    bytes(ctx, status, "application/json", Json.bytes(body));
  }

  public static void empty(Context ctx, int status) {
    ctx.status(status);
    ctx.result(new byte[0]);
  }

  public static void bytes(Context ctx, int status, String contentType, byte[] body) {
    ctx.status(status);
    ctx.contentType(contentType);
    ctx.header("vary", "accept-encoding");
    Encoding encoding = body.length >= COMPRESSION_THRESHOLD
        ? Encoding.preferred(ctx.header("accept-encoding"))
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
      boolean gzip = false;
      for (String entry : acceptEncoding.split(",")) {
        String coding = entry.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (coding.equals("zstd")) {
          return ZSTD;
        }
        gzip |= coding.equals("gzip");
      }
      return gzip ? GZIP : IDENTITY;
    }
  }
}
