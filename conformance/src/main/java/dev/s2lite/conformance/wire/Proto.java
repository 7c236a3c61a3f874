package dev.s2lite.conformance.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The {@code s2.v1} protobuf messages the suite sends and reads, written by hand over coded streams. */
public final class Proto {

  private Proto() {}

  public record Header(byte[] name, byte[] value) {
    public static Header of(String name, String value) {
      return new Header(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** An {@code AppendRecord}; timestamp null = not provided. */
  public record AppendRecord(Long timestamp, List<Header> headers, byte[] body) {
    public static AppendRecord of(String body) {
      return new AppendRecord(null, List.of(), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  public record Position(long seqNum, long timestamp) {}

  public record AppendAck(Position start, Position end, Position tail) {}

  public record SequencedRecord(long seqNum, long timestamp, List<Header> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A {@code ReadBatch}; tail null when absent. Empty records with a tail is a heartbeat. */
  public record ReadBatch(List<SequencedRecord> records, Position tail) {}

  public static byte[] appendInput(List<AppendRecord> records, Long matchSeqNum, String fencingToken) {
    return write(out -> {
      for (AppendRecord r : records) {
        out.writeByteArray(1, appendRecord(r));
      }
      if (matchSeqNum != null) {
        out.writeUInt64(2, matchSeqNum);
      }
      if (fencingToken != null) {
        out.writeString(3, fencingToken);
      }
    });
  }

  public static byte[] appendInput(String... bodies) {
    List<AppendRecord> records = new ArrayList<>();
    for (String b : bodies) {
      records.add(AppendRecord.of(b));
    }
    return appendInput(records, null, null);
  }

  private static byte[] appendRecord(AppendRecord r) {
    return write(out -> {
      if (r.timestamp() != null) {
        out.writeUInt64(1, r.timestamp());
      }
      for (Header h : r.headers()) {
        out.writeByteArray(2, write(o -> {
          o.writeByteArray(1, h.name());
          o.writeByteArray(2, h.value());
        }));
      }
      if (r.body().length > 0) {
        out.writeByteArray(3, r.body());
      }
    });
  }

  public static AppendAck appendAck(byte[] bytes) {
    return read(bytes, in -> {
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
      return new AppendAck(start, end, tail);
    });
  }

  public static ReadBatch readBatch(byte[] bytes) {
    return read(bytes, in -> {
      List<SequencedRecord> records = new ArrayList<>();
      Position tail = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> records.add(sequencedRecord(in.readByteArray()));
          case 2 -> tail = position(in.readByteArray());
          default -> in.skipField(tag);
        }
      }
      return new ReadBatch(records, tail);
    });
  }

  private static SequencedRecord sequencedRecord(byte[] bytes) {
    return read(bytes, in -> {
      long seq = 0;
      long ts = 0;
      List<Header> headers = new ArrayList<>();
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
      return new SequencedRecord(seq, ts, headers, body);
    });
  }

  private static Header header(byte[] bytes) {
    return read(bytes, in -> {
      byte[] name = new byte[0];
      byte[] value = new byte[0];
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag >>> 3) {
          case 1 -> name = in.readByteArray();
          case 2 -> value = in.readByteArray();
          default -> in.skipField(tag);
        }
      }
      return new Header(name, value);
    });
  }

  private static Position position(byte[] bytes) {
    return read(bytes, in -> {
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
    });
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(CodedInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(byte[] bytes, Reader<T> r) {
    try {
      return r.read(CodedInputStream.newInstance(bytes));
    } catch (IOException e) {
      throw new dev.s2lite.conformance.CaseFailure("undecodable protobuf from the server: " + e.getMessage());
    }
  }
}
