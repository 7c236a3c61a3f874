package dev.s2lite.emulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.http.Responses.Encoding;
import dev.s2lite.emulator.json.Json;
import java.util.Arrays;

/**
 * Writes S2S frames. Regular messages are compressed with the session's negotiated encoding, but
 * only from {@link Responses#COMPRESSION_THRESHOLD} bytes on, as lite does; terminal frames never.
 */
public final class S2sFrameEncoder {

  private final Encoding encoding;

  public S2sFrameEncoder(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The encoder for a session whose request carried this {@code Accept-Encoding}. */
  public static S2sFrameEncoder forAcceptEncoding(String acceptEncoding) {
    return new S2sFrameEncoder(Encoding.forSessionMessages(acceptEncoding));
  }

  /** The bytes in front of a frame's payload: the 3-byte length and the flag byte. */
  public static final int ROOM = 4;

  /**
   * A message whose payload was encoded after {@link #ROOM} free bytes: framed in place when it
   * goes uncompressed, so a large batch is not copied once more.
   */
  public byte[] messageAfterRoom(byte[] roomAndPayload) {
    int length = roomAndPayload.length - ROOM;
    if (length >= Responses.COMPRESSION_THRESHOLD && encoding != Encoding.IDENTITY) {
      return message(Arrays.copyOfRange(roomAndPayload, ROOM, roomAndPayload.length));
    }
    writeHeader(roomAndPayload, 0, length);
    return roomAndPayload;
  }

  public byte[] message(byte[] payload) {
    Encoding use = payload.length >= Responses.COMPRESSION_THRESHOLD ? encoding : Encoding.IDENTITY;
    return switch (use) {
      case ZSTD -> frame(S2sFrame.ZSTD_BITS, Zstd.compress(payload));
      case GZIP -> frame(S2sFrame.GZIP_BITS, Responses.gzip(payload));
      case IDENTITY -> frame(0, payload);
    };
  }

  public static byte[] terminal(int status, JsonNode body) {
    return terminal(status, Json.bytes(body));
  }

  public static byte[] terminal(int status, byte[] body) {
    byte[] payload = new byte[2 + body.length];
    payload[0] = (byte) (status >>> 8);
    payload[1] = (byte) status;
    System.arraycopy(body, 0, payload, 2, body.length);
    return frame(S2sFrame.TERMINAL_BIT, payload);
  }

  /** A frame with the given flag bits around an already-encoded payload. */
  public static byte[] frame(int flag, byte[] payload) {
    byte[] frame = new byte[ROOM + payload.length];
    writeHeader(frame, flag, payload.length);
    System.arraycopy(payload, 0, frame, ROOM, payload.length);
    return frame;
  }

  private static void writeHeader(byte[] frame, int flag, int payloadLength) {
    int length = payloadLength + 1;
    if (length > S2sFrame.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException("frame of " + length + " bytes exceeds the S2S maximum");
    }
    frame[0] = (byte) (length >>> 16);
    frame[1] = (byte) (length >>> 8);
    frame[2] = (byte) length;
    frame[3] = (byte) flag;
  }
}
