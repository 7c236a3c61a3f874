package dev.s2lite.emulator.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.s2lite.emulator.error.S2Error;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf forms (package {@code s2.v1}, REFERENCE 16) of the record messages, hand-written
 * over protobuf-java's coded streams. Undecodable input is {@code 400 bad_proto}.
 */
public final class RecordProto {

  private RecordProto() {}

  /** Decodes an {@code AppendInput}. */
  public static AppendInput appendInput(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      List<AppendRecord> records = new ArrayList<>();
      Long match = null;
      String token = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> records.add(appendRecord(in.readBytes()));
          case (2 << 3) | WireFormat.WIRETYPE_VARINT -> match = in.readUInt64();
          case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> token = in.readStringRequireUtf8();
          default -> skip(in, tag, 3);
        }
      }
      return new AppendInput(records, match, token);
    } catch (InvalidProtocolBufferException e) {
      throw S2Error.badProto("failed to decode AppendInput: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AppendRecord appendRecord(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    Long timestamp = null;
    List<Header> headers = new ArrayList<>();
    byte[] body = new byte[0];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_VARINT -> timestamp = in.readUInt64();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> headers.add(header(in.readBytes()));
        case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> body = in.readByteArray();
        default -> skip(in, tag, 3);
      }
    }
    return new AppendRecord(timestamp, headers, body);
  }

  private static Header header(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    byte[] name = new byte[0];
    byte[] value = new byte[0];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> name = in.readByteArray();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> value = in.readByteArray();
        default -> skip(in, tag, 2);
      }
    }
    return new Header(name, value);
  }

  /** Skips an unknown field; a known field with the wrong wire type is an error, as in prost. */
  private static void skip(CodedInputStream in, int tag, int knownFields) throws IOException {
    int field = WireFormat.getTagFieldNumber(tag);
    if (field == 0 || field <= knownFields || !in.skipField(tag)) {
      throw new InvalidProtocolBufferException("invalid wire type or tag: " + tag);
    }
  }

  /** Encodes an {@code AppendAck}. */
  public static byte[] ack(AppendAck ack) {
    return write(out -> {
      message(out, 1, position(ack.start()));
      message(out, 2, position(ack.end()));
      message(out, 3, position(ack.tail()));
    });
  }

  /** Encodes a {@code ReadBatch}. */
  public static byte[] readBatch(ReadBatch batch) {
    return write(out -> {
      for (SequencedRecord r : batch.records()) {
        message(out, 1, sequencedRecord(r));
      }
      if (batch.tail() != null) {
        message(out, 2, position(batch.tail()));
      }
    });
  }

  /** Encodes a {@code StreamPosition}. */
  public static byte[] position(StreamPosition p) {
    return write(out -> {
      if (p.seqNum() != 0) {
        out.writeUInt64(1, p.seqNum());
      }
      if (p.timestamp() != 0) {
        out.writeUInt64(2, p.timestamp());
      }
    });
  }

  static byte[] sequencedRecord(SequencedRecord r) {
    return write(out -> {
      if (r.seqNum() != 0) {
        out.writeUInt64(1, r.seqNum());
      }
      if (r.timestamp() != 0) {
        out.writeUInt64(2, r.timestamp());
      }
      for (Header h : r.headers()) {
        message(out, 3, write(hout -> {
          if (h.name().length > 0) {
            hout.writeByteArray(1, h.name());
          }
          if (h.value().length > 0) {
            hout.writeByteArray(2, h.value());
          }
        }));
      }
      if (r.body().length > 0) {
        out.writeByteArray(4, r.body());
      }
    });
  }

  private static void message(CodedOutputStream out, int field, byte[] encoded) throws IOException {
    out.writeByteArray(field, encoded);
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
