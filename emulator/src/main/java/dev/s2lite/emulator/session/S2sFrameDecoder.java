package dev.s2lite.emulator.session;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Cuts a byte stream into S2S frames. Bytes arrive in arbitrary pieces ({@link #feed}); each
 * {@link #next} returns a complete frame or null when more bytes are needed. A bad length is
 * refused as soon as its prefix arrives, before the payload is buffered.
 */
public final class S2sFrameDecoder {

  private byte[] buffer = new byte[8 * 1024];
  private int start;
  private int end;

  public void feed(byte[] bytes, int offset, int length) {
    if (end + length > buffer.length) {
      int pending = end - start;
      if (pending + length > buffer.length) {
        buffer = Arrays.copyOfRange(buffer, start, start + Math.max(buffer.length * 2, pending + length));
      } else {
        System.arraycopy(buffer, start, buffer, 0, pending);
      }
      end = pending;
      start = 0;
    }
    System.arraycopy(bytes, offset, buffer, end, length);
    end += length;
  }

  /** Whether bytes of an incomplete frame are buffered (a body ending now would be truncated). */
  public boolean hasPartialFrame() {
    return end > start;
  }

  /** The next complete frame, or null until more bytes arrive. */
  public S2sFrame next() throws S2sFrameException {
    int available = end - start;
    if (available < 3) {
      return null;
    }
    int length = (buffer[start] & 0xFF) << 16 | (buffer[start + 1] & 0xFF) << 8 | (buffer[start + 2] & 0xFF);
    if (length == 0) {
      throw new S2sFrameException("empty frame");
    }
    if (length > S2sFrame.MAX_FRAME_LENGTH) {
      throw new S2sFrameException("frame length " + length + " exceeds the maximum of " + S2sFrame.MAX_FRAME_LENGTH);
    }
    if (available < 3 + length) {
      return null;
    }
    int flag = buffer[start + 3] & 0xFF;
    byte[] payload = Arrays.copyOfRange(buffer, start + 4, start + 3 + length);
    start += 3 + length;
    if (start == end) {
      start = 0;
      end = 0;
    }
    return decode(flag, payload);
  }

  static S2sFrame decode(int flag, byte[] payload) throws S2sFrameException {
    byte[] plain = switch (flag & S2sFrame.COMPRESSION_MASK) {
      case 0 -> payload;
      case S2sFrame.ZSTD_BITS -> decompress(payload, true);
      case S2sFrame.GZIP_BITS -> decompress(payload, false);
      default -> throw new S2sFrameException("invalid compression bits");
    };
    if ((flag & S2sFrame.TERMINAL_BIT) == 0) {
      return new S2sFrame.Message(plain);
    }
    if (plain.length < 2) {
      throw new S2sFrameException("terminal frame without a status code");
    }
    int status = (plain[0] & 0xFF) << 8 | (plain[1] & 0xFF);
    return new S2sFrame.Terminal(status, Arrays.copyOfRange(plain, 2, plain.length));
  }

  private static byte[] decompress(byte[] payload, boolean zstd) throws S2sFrameException {
    String name = zstd ? "zstd" : "gzip";
    try (InputStream in = zstd
        ? new ZstdInputStream(new ByteArrayInputStream(payload))
        : new GZIPInputStream(new ByteArrayInputStream(payload))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(payload.length * 4, S2sFrame.MAX_PAYLOAD_BYTES));
      byte[] chunk = new byte[16 * 1024];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        // Refuse decompression bombs without inflating them fully.
        if (out.size() + n > S2sFrame.MAX_PAYLOAD_BYTES) {
          throw new S2sFrameException(name + " payload decompresses to more than " + S2sFrame.MAX_PAYLOAD_BYTES + " bytes");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new S2sFrameException("invalid " + name + " payload: " + e.getMessage());
    }
  }
}
