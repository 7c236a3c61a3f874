package dev.s2lite.emulator.testing;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A test-side protobuf writer/reader for the s2.v1 messages, independent of the server's codec. */
public final class Proto {

  private Proto() {}

  public record Rec(Long timestamp, List<byte[][]> headers, byte[] body) {}

  public record Position(long seqNum, long timestamp) {}

  public record Seq(long seqNum, long timestamp, List<byte[][]> headers, byte[] body) {}

  public record Batch(List<Seq> records, Position tail) {}

  public static byte[] appendInput(List<Rec> records, Long matchSeqNum, String fencingToken) {
    return write(out -> {
      for (Rec r : records) {
        out.writeByteArray(1, write(rout -> {
          if (r.timestamp() != null) {
            rout.writeUInt64(1, r.timestamp());
          }
          for (byte[][] h : r.headers()) {
            rout.writeByteArray(2, write(hout -> {
              hout.writeByteArray(1, h[0]);
              hout.writeByteArray(2, h[1]);
            }));
          }
          rout.writeByteArray(3, r.body());
        }));
      }
      if (matchSeqNum != null) {
        out.writeUInt64(2, matchSeqNum);
      }
      if (fencingToken != null) {
        out.writeString(3, fencingToken);
      }
    });
  }

  /** start, end, tail of an AppendAck. */
  public static Position[] appendAck(byte[] bytes) {
    Position[] out = new Position[3];
    read(bytes, (field, in) -> out[field - 1] = position(in.readByteArray()));
    return out;
  }

  public static Batch readBatch(byte[] bytes) {
    List<Seq> records = new ArrayList<>();
    Position[] tail = new Position[1];
    read(bytes, (field, in) -> {
      if (field == 1) {
        records.add(seq(in.readByteArray()));
      } else {
        tail[0] = position(in.readByteArray());
      }
    });
    return new Batch(records, tail[0]);
  }

  private static Seq seq(byte[] bytes) {
    long[] nums = new long[2];
    List<byte[][]> headers = new ArrayList<>();
    byte[][] body = {new byte[0]};
    read(bytes, (field, in) -> {
      switch (field) {
        case 1, 2 -> nums[field - 1] = in.readUInt64();
        case 3 -> {
          byte[][] h = {new byte[0], new byte[0]};
          read(in.readByteArray(), (f, hin) -> h[f - 1] = hin.readByteArray());
          headers.add(h);
        }
        default -> body[0] = in.readByteArray();
      }
    });
    return new Seq(nums[0], nums[1], headers, body[0]);
  }

  private static Position position(byte[] bytes) {
    long[] nums = new long[2];
    read(bytes, (field, in) -> nums[field - 1] = in.readUInt64());
    return new Position(nums[0], nums[1]);
  }

  private interface FieldReader {
    void read(int field, CodedInputStream in) throws IOException;
  }

  private static void read(byte[] bytes, FieldReader reader) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        reader.read(tag >>> 3, in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
