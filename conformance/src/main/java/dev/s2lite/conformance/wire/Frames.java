package dev.s2lite.conformance.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.s2lite.conformance.CaseFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * S2S framing: a 3-byte big-endian length (flag byte plus payload), a flag byte {@code [T][CC][RRRRR]},
 * the payload. T = terminal (payload: 2-byte status, JSON error); CC = 00 none, 01 zstd, 10 gzip.
 */
public final class Frames {

  public static final int TERMINAL = 0x80;
  public static final int ZSTD = 0x20;
  public static final int GZIP = 0x40;

  private Frames() {}

  /** A frame as received: flag byte and (decompressed) payload. */
  public record Frame(int flag, byte[] payload) {
    public boolean terminal() {
      return (flag & TERMINAL) != 0;
    }

    /** The compression bits: 0 none, 1 zstd, 2 gzip. */
    public int compression() {
      return (flag >> 5) & 0b11;
    }

    public int terminalStatus() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    public String terminalBody() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  public static byte[] encode(int flag, byte[] payload) {
    int length = payload.length + 1;
    byte[] out = new byte[3 + length];
    out[0] = (byte) (length >>> 16);
    out[1] = (byte) (length >>> 8);
    out[2] = (byte) length;
    out[3] = (byte) flag;
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  public static byte[] regular(byte[] message) {
    return encode(0, message);
  }

  public static byte[] zstd(byte[] message) {
    return encode(ZSTD, Zstd.compress(message));
  }

  public static byte[] gzip(byte[] message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(message);
      }
      return encode(GZIP, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame, or null at the end of the stream. */
  public static Frame read(InputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    byte[] rest = in.readNBytes(3);
    if (rest.length < 3) {
      throw new EOFException("a frame header was cut short");
    }
    int length = (b0 << 16) | ((rest[0] & 0xff) << 8) | (rest[1] & 0xff);
    int flag = rest[2] & 0xff;
    byte[] payload = in.readNBytes(length - 1);
    if (payload.length < length - 1) {
      throw new EOFException("a frame of " + length + " bytes was cut short at " + payload.length);
    }
    int cc = (flag >> 5) & 0b11;
    if (cc == 1) {
      payload = new ZstdInputStream(new ByteArrayInputStream(payload)).readAllBytes();
    } else if (cc == 2) {
      payload = new GZIPInputStream(new ByteArrayInputStream(payload)).readAllBytes();
    } else if (cc == 3) {
      throw new CaseFailure("the server sent a frame with compression bits 11 (invalid)");
    }
    return new Frame(flag, payload);
  }
}
