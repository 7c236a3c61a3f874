package dev.s2lite.emulator.store.s3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Reads what a {@link BinaryWriter} wrote; any inconsistency is a {@link CorruptObjectException}. */
final class BinaryReader {

  private final byte[] data;
  private final String what;
  private final int end;
  private int pos;

  private BinaryReader(byte[] data, int end, String what) {
    this.data = data;
    this.end = end;
    this.what = what;
  }

  /**
   * A reader over an object's bytes after checking their trailing CRC32C and leading magic.
   *
   * @param what names the object in error messages
   */
  static BinaryReader checked(byte[] data, byte[] magic, String what) {
    if (data.length < magic.length + 4) {
      throw new CorruptObjectException(what, "too short (" + data.length + " bytes)");
    }
    if (!Arrays.equals(data, 0, magic.length, magic, 0, magic.length)) {
      throw new CorruptObjectException(what, "not written by s2lite-java (unknown format)");
    }
    int bodyEnd = data.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(data, 0, bodyEnd);
    int stored = ((data[bodyEnd] & 0xff) << 24) | ((data[bodyEnd + 1] & 0xff) << 16)
        | ((data[bodyEnd + 2] & 0xff) << 8) | (data[bodyEnd + 3] & 0xff);
    if (stored != (int) crc.getValue()) {
      throw new CorruptObjectException(what, "checksum mismatch");
    }
    BinaryReader reader = new BinaryReader(data, bodyEnd, what);
    reader.pos = magic.length;
    return reader;
  }

  int position() {
    return pos;
  }

  boolean hasMore() {
    return pos < end;
  }

  private void need(int n) {
    if (n < 0 || pos + n > end) {
      throw new CorruptObjectException(what, "truncated at byte " + pos);
    }
  }

  int u8() {
    need(1);
    return data[pos++] & 0xff;
  }

  boolean bool() {
    return u8() != 0;
  }

  int i32() {
    need(4);
    int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16)
        | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  long i64() {
    long hi = i32() & 0xffffffffL;
    return (hi << 32) | (i32() & 0xffffffffL);
  }

  /** A count or length: never negative. */
  int count() {
    int n = i32();
    if (n < 0) {
      throw new CorruptObjectException(what, "negative length at byte " + (pos - 4));
    }
    return n;
  }

  byte[] bytes() {
    int n = count();
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** Skips a length-prefixed byte array and returns where its bytes start. */
  int skipBytes() {
    int n = count();
    need(n);
    int start = pos;
    pos += n;
    return start;
  }

  String string() {
    int n = count();
    need(n);
    String s = new String(data, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  String optString() {
    return bool() ? string() : null;
  }

  CorruptObjectException corrupt(String problem) {
    return new CorruptObjectException(what, problem);
  }
}
