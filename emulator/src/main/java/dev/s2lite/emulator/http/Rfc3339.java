package dev.s2lite.emulator.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps on the wire as lite prints them: RFC 3339 in UTC with a {@code Z}, nanoseconds with
 * trailing zeros dropped ({@code .30922173Z}), no fraction when it is zero.
 */
final class Rfc3339 {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  static String format(Instant instant) {
    StringBuilder out = new StringBuilder(30).append(SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }
}
