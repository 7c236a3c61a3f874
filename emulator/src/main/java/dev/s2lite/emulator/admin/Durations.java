package dev.s2lite.emulator.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in admin requests: {@code "8d"}, {@code "1h30m"}, {@code "250ms"}, or ISO-8601 {@code "PT1H"}. */
final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  private static final Map<String, Duration> UNITS = Map.of(
      "ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1),
      "h", Duration.ofHours(1), "d", Duration.ofDays(1), "w", Duration.ofDays(7));

  private Durations() {}

  /** @throws IllegalArgumentException saying what is wrong */
  static Duration parse(String text) {
    String t = text.trim().replace(" ", "");
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid ISO-8601 duration \"" + text + "\"");
      }
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      total = total.plus(UNITS.get(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
      end = m.end();
    }
    if (t.isEmpty() || end != t.length()) {
      throw new IllegalArgumentException("invalid duration \"" + text
          + "\": use a number with a unit (ms, s, m, h, d, w), e.g. \"8d\" or \"1h30m\", or ISO-8601 (\"PT1H\")");
    }
    return total;
  }
}
