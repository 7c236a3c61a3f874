package dev.s2lite.emulator.session;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A client's own protobuf codec for the session messages (s2.v1), independent of the server's. */
final class TestProto {

  private TestProto() {}

  record Position(long seqNum, long timestamp) {}

  record Ack(Position start, Position end, Position tail) {}

  record Rec(long seqNum, long timestamp, List<byte[][]> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Batch(List<Rec> records, Position tail) {
    boolean isHeartbeat() {
      return records.isEmpty() && tail != null;
    }
  }

  /** An AppendInput of plain text bodies with optional match_seq_num / fencing token. */
  static byte[] appendInput(List<String> bodies, Long matchSeqNum, String fencingToken) {
    List<byte[]> raw = new ArrayList<>();
    for (String b : bodies) {
      raw.add(b.getBytes(StandardCharsets.UTF_8));
    }
    return appendInputBytes(raw, matchSeqNum, fencingToken);
  }

  static byte[] appendInputBytes(List<byte[]> bodies, Long matchSeqNum, String fencingToken) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (byte[] body : bodies) {
        ByteArrayOutputStream rb = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(rb);
        r.writeByteArray(3, body);
        r.flush();
        out.writeByteArray(1, rb.toByteArray());
      }
      if (matchSeqNum != null) {
        out.writeUInt64(2, matchSeqNum);
      }
      if (fencingToken != null) {
        out.writeString(3, fencingToken);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Ack ack(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      Position start = null;
      Position end = null;
      Position tail = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> start = position(in.readByteArray());
          case 2 -> end = position(in.readByteArray());
          case 3 -> tail = position(in.readByteArray());
          default -> in.skipField(tag);
        }
      }
      return new Ack(start, end, tail);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Batch batch(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      List<Rec> records = new ArrayList<>();
      Position tail = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> records.add(record(in.readByteArray()));
          case 2 -> tail = position(in.readByteArray());
          default -> in.skipField(tag);
        }
      }
      return new Batch(records, tail);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Rec record(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long seq = 0;
    long ts = 0;
    List<byte[][]> headers = new ArrayList<>();
    byte[] body = new byte[0];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> seq = in.readUInt64();
        case 2 -> ts = in.readUInt64();
        case 3 -> headers.add(header(in.readByteArray()));
        case 4 -> body = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    return new Rec(seq, ts, headers, body);
  }

  private static byte[][] header(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    byte[][] h = {new byte[0], new byte[0]};
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> h[0] = in.readByteArray();
        case 2 -> h[1] = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    return h;
  }

  private static Position position(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long seq = 0;
    long ts = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag >>> 3) {
        case 1 -> seq = in.readUInt64();
        case 2 -> ts = in.readUInt64();
        default -> in.skipField(tag);
      }
    }
    return new Position(seq, ts);
  }

  /** A regular frame around a payload, written the way a client does (flag 0 = uncompressed). */
  static byte[] frame(int flag, byte[] payload) {
    int length = payload.length + 1;
    byte[] f = new byte[length + 3];
    f[0] = (byte) (length >>> 16);
    f[1] = (byte) (length >>> 8);
    f[2] = (byte) length;
    f[3] = (byte) flag;
    System.arraycopy(payload, 0, f, 4, payload.length);
    return f;
  }

  static byte[] frame(byte[] payload) {
    return frame(0, payload);
  }
}
