package dev.s2lite.emulator.http;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Timestamps on the wire: RFC 3339 in UTC with a {@code Z}, fractional seconds only when non-zero. */
final class Rfc3339 {

  private Rfc3339() {}

  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
