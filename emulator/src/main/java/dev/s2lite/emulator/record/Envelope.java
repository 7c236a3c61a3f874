package dev.s2lite.emulator.record;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a record's headers and body are kept in the store: one byte array. The first byte says
 * whether the rest is plain or encrypted ({@link RecordCipher}); plain is a varint header count,
 * each name and value as varint length + bytes, then the body.
 */
public final class Envelope {

  static final byte PLAIN = 0;

  private Envelope() {}

  public static byte[] plain(List<Header> headers, byte[] body) {
    int size = 1 + varintSize(headers.size()) + body.length;
    for (Header h : headers) {
      size += varintSize(h.name().length) + h.name().length + varintSize(h.value().length) + h.value().length;
    }
    // Written in place into an array of the exact size: records are copied enough on their way in.
    byte[] out = new byte[size];
    out[0] = PLAIN;
    int pos = 1;
    pos = putVarint(out, pos, headers.size());
    for (Header h : headers) {
      pos = putVarint(out, pos, h.name().length);
      System.arraycopy(h.name(), 0, out, pos, h.name().length);
      pos = putVarint(out, pos + h.name().length, h.value().length);
      System.arraycopy(h.value(), 0, out, pos, h.value().length);
      pos += h.value().length;
    }
    System.arraycopy(body, 0, out, pos, body.length);
    return out;
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private static int putVarint(byte[] out, int pos, int value) {
    while ((value & ~0x7F) != 0) {
      out[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[pos++] = (byte) value;
    return pos;
  }

  static void writeFields(ByteArrayOutputStream out, List<Header> headers, byte[] body) {
    varint(out, headers.size());
    for (Header h : headers) {
      varint(out, h.name().length);
      out.write(h.name(), 0, h.name().length);
      varint(out, h.value().length);
      out.write(h.value(), 0, h.value().length);
    }
    out.write(body, 0, body.length);
  }

  /** Headers and body of plain fields (the bytes after the format byte, or decrypted ones). */
  static Decoded readFields(byte[] bytes, int from) {
    Cursor at = new Cursor(bytes, from);
    int count = at.varint();
    List<Header> headers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int nameLength = at.varint();
      byte[] name = Arrays.copyOfRange(bytes, at.pos, at.pos + nameLength);
      at.pos += nameLength;
      int valueLength = at.varint();
      byte[] value = Arrays.copyOfRange(bytes, at.pos, at.pos + valueLength);
      at.pos += valueLength;
      headers.add(new Header(name, value));
    }
    return new Decoded(headers, Arrays.copyOfRange(bytes, at.pos, bytes.length));
  }

  record Decoded(List<Header> headers, byte[] body) {}

  /** Reads a plain envelope's varints and fields in place, from {@code pos}. */
  static final class Cursor {
    private final byte[] bytes;
    int pos;

    Cursor(byte[] bytes, int pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    int varint() {
      int value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = bytes[pos++];
        value |= (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
    }

    /** Skips a length-prefixed field and returns its length. */
    int skipField() {
      int length = varint();
      pos += length;
      return length;
    }
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
