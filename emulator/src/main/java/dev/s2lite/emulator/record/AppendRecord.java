package dev.s2lite.emulator.record;

import java.util.List;

/**
 * A record as a client sends it, decoded from JSON or protobuf.
 *
 * @param timestamp the client's timestamp (a u64 in a long), or null when not given
 */
public record AppendRecord(Long timestamp, List<Header> headers, byte[] body) {

  /** s2's metered size: {@code 8 + 2 * headers + sum of name and value lengths + body length}. */
  public long meteredBytes() {
    long size = 8L + 2L * headers.size() + body.length;
    for (Header h : headers) {
      size += h.name().length + h.value().length;
    }
    return size;
  }
}
