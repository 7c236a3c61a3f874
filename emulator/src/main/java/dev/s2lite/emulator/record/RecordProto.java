package dev.s2lite.emulator.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.StoredRecord;
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
      // The whole input as the outer limit, so a record claiming more bytes than remain is truncated.
      in.pushLimit(bytes.length);
      List<AppendRecord> records = new ArrayList<>();
      Long match = null;
      String token = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> records.add(appendRecord(in));
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

  /** Reads an embedded {@code AppendRecord} in place (a ByteString of it would be one more copy). */
  private static AppendRecord appendRecord(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
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
    in.popLimit(limit);
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

  /**
   * Encodes the {@code ReadBatch} of stored records after {@code room} free leading bytes (for a
   * frame header). Plain records are written straight from their stored envelopes into one array
   * of the exact size; a batch holding an encrypted record is decoded first.
   */
  public static byte[] readBatch(StoredBatch batch, int room) {
    List<StoredRecord> records = batch.records();
    for (StoredRecord r : records) {
      if (r.payload()[0] != Envelope.PLAIN) {
        byte[] encoded = readBatch(batch.decode());
        byte[] out = new byte[room + encoded.length];
        System.arraycopy(encoded, 0, out, room, encoded.length);
        return out;
      }
    }
    int[] sizes = new int[records.size()];
    int total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = plainRecordSize(records.get(i));
      total += delimitedSize(sizes[i]);
    }
    StreamPosition tail = batch.tail();
    int tailSize = tail == null ? 0 : positionSize(tail);
    if (tail != null) {
      total += delimitedSize(tailSize);
    }
    byte[] out = new byte[room + total];
    CodedOutputStream o = CodedOutputStream.newInstance(out, room, total);
    try {
      for (int i = 0; i < sizes.length; i++) {
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(sizes[i]);
        writePlainRecord(o, records.get(i));
      }
      if (tail != null) {
        o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(tailSize);
        writePosition(o, tail);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A length-delimited field's size (one-byte tag) around a message of {@code size} bytes. */
  private static int delimitedSize(int size) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static int positionSize(StreamPosition p) {
    return (p.seqNum() != 0 ? 1 + CodedOutputStream.computeUInt64SizeNoTag(p.seqNum()) : 0)
        + (p.timestamp() != 0 ? 1 + CodedOutputStream.computeUInt64SizeNoTag(p.timestamp()) : 0);
  }

  private static void writePosition(CodedOutputStream o, StreamPosition p) throws IOException {
    if (p.seqNum() != 0) {
      o.writeUInt64(1, p.seqNum());
    }
    if (p.timestamp() != 0) {
      o.writeUInt64(2, p.timestamp());
    }
  }

  /** The encoded size of a {@code SequencedRecord} read from a plain envelope ({@link Envelope}). */
  private static int plainRecordSize(StoredRecord r) {
    int size = positionSize(new StreamPosition(r.seqNum(), r.timestamp()));
    byte[] p = r.payload();
    Envelope.Cursor at = new Envelope.Cursor(p, 1);
    for (int headers = at.varint(); headers > 0; headers--) {
      int name = at.skipField();
      int value = at.skipField();
      size += delimitedSize(optionalBytesSize(name) + optionalBytesSize(value));
    }
    return size + optionalBytesSize(p.length - at.pos);
  }

  /** A bytes field written only when not empty. */
  private static int optionalBytesSize(int length) {
    return length > 0 ? delimitedSize(length) : 0;
  }

  private static void writePlainRecord(CodedOutputStream o, StoredRecord r) throws IOException {
    writePosition(o, new StreamPosition(r.seqNum(), r.timestamp()));
    byte[] p = r.payload();
    Envelope.Cursor at = new Envelope.Cursor(p, 1);
    for (int headers = at.varint(); headers > 0; headers--) {
      int nameLength = at.varint();
      int name = at.pos;
      at.pos += nameLength;
      int valueLength = at.varint();
      int value = at.pos;
      at.pos += valueLength;
      o.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(optionalBytesSize(nameLength) + optionalBytesSize(valueLength));
      writeOptionalBytes(o, 1, p, name, nameLength);
      writeOptionalBytes(o, 2, p, value, valueLength);
    }
    writeOptionalBytes(o, 4, p, at.pos, p.length - at.pos);
  }

  private static void writeOptionalBytes(CodedOutputStream o, int field, byte[] bytes, int offset, int length)
      throws IOException {
    if (length > 0) {
      o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(length);
      o.writeRawBytes(bytes, offset, length);
    }
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
      // A small buffer: the default 4 KiB one is allocated per message (and per record and header).
      CodedOutputStream out = CodedOutputStream.newInstance(bytes, 64);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
