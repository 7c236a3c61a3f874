package dev.s2lite.emulator.session;

/** One decoded S2S message: a regular (protobuf) payload, or a terminal status and JSON body. */
public sealed interface S2sFrame {

  /** The largest value of the 3-byte length prefix lite accepts (flag byte plus payload). */
  int MAX_FRAME_LENGTH = 2 * 1024 * 1024;
  /** The largest payload after decompression. */
  int MAX_PAYLOAD_BYTES = MAX_FRAME_LENGTH - 1;

  int TERMINAL_BIT = 0x80;
  int COMPRESSION_MASK = 0x60;
  int ZSTD_BITS = 0x20;
  int GZIP_BITS = 0x40;

  /** A regular message: one protobuf message, already decompressed. */
  record Message(byte[] payload) implements S2sFrame {}

  /** The last message of a stream: an HTTP status and a JSON error body. */
  record Terminal(int status, byte[] body) implements S2sFrame {}
}
