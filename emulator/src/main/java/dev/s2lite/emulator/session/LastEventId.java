package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;

/**
 * The SSE resume cookie {@code <last_seq_num>,<count>,<bytes>}: the last record delivered and the
 * records and metered bytes delivered on that response so far.
 */
public record LastEventId(long seqNum, long count, long bytes) {

  public static final String HEADER = "last-event-id";

  /** The header's value parsed, or null when absent; malformed is {@code 400 bad_header}. */
  public static LastEventId parse(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split(",", -1);
    if (parts.length > 3) {
      throw invalid("too many components in Last-Event-Id");
    }
    return new LastEventId(part(parts, 0, "seq_num"), part(parts, 1, "count"), part(parts, 2, "bytes"));
  }

  private static long part(String[] parts, int index, String name) {
    if (index >= parts.length || parts[index].isBlank()) {
      throw invalid("missing " + name + " in Last-Event-Id");
    }
    try {
      return Long.parseUnsignedLong(parts[index].trim());
    } catch (NumberFormatException e) {
      throw invalid("invalid " + name + " in Last-Event-Id: " + parts[index].trim());
    }
  }

  private static S2Error invalid(String reason) {
    return S2Error.invalidHeader(HEADER, reason);
  }

  /** The id of an SSE batch event. */
  public String render() {
    return Long.toUnsignedString(seqNum) + "," + Long.toUnsignedString(count) + "," + Long.toUnsignedString(bytes);
  }
}
