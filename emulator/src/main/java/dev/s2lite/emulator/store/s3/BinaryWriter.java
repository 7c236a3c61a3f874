package dev.s2lite.emulator.store.s3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds the bytes of one stored object (a write-ahead log object, a segment, a manifest):
 * big-endian fixed-width numbers, length-prefixed strings and byte arrays, and a CRC32C of
 * everything at the end, which {@link BinaryReader#checked} verifies.
 */
final class BinaryWriter {

  private byte[] buf;
  private int size;

  BinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("object too large: " + wanted + " bytes");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  BinaryWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  BinaryWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  BinaryWriter i32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  BinaryWriter i64(long v) {
    i32((int) (v >>> 32));
    return i32((int) v);
  }

  BinaryWriter raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  BinaryWriter bytes(byte[] bytes) {
    i32(bytes.length);
    return raw(bytes);
  }

  BinaryWriter string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A string that may be null. */
  BinaryWriter optString(String s) {
    bool(s != null);
    return s == null ? this : string(s);
  }

  /** The bytes written, followed by their CRC32C. */
  byte[] finish() {
    CRC32C crc = new CRC32C();
    crc.update(buf, 0, size);
    i32((int) crc.getValue());
    return Arrays.copyOf(buf, size);
  }
}
