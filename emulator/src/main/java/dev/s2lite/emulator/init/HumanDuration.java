package dev.s2lite.emulator.init;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as humans write them ("7days", "1w", "2h 30m", "3600s"), as the s2 CLI reads them. */
final class HumanDuration {

  private static final BigDecimal U64_MAX = new BigDecimal("18446744073709551615");
  private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]+)");
  private static final Map<String, BigDecimal> SECONDS_PER_UNIT = Map.ofEntries(
      Map.entry("nsec", new BigDecimal("0.000000001")), Map.entry("ns", new BigDecimal("0.000000001")),
      Map.entry("usec", new BigDecimal("0.000001")), Map.entry("us", new BigDecimal("0.000001")),
      Map.entry("msec", new BigDecimal("0.001")), Map.entry("ms", new BigDecimal("0.001")),
      Map.entry("seconds", BigDecimal.ONE), Map.entry("second", BigDecimal.ONE),
      Map.entry("sec", BigDecimal.ONE), Map.entry("s", BigDecimal.ONE),
      Map.entry("minutes", BigDecimal.valueOf(60)), Map.entry("minute", BigDecimal.valueOf(60)),
      Map.entry("min", BigDecimal.valueOf(60)), Map.entry("mins", BigDecimal.valueOf(60)),
      Map.entry("m", BigDecimal.valueOf(60)),
      Map.entry("hours", BigDecimal.valueOf(3600)), Map.entry("hour", BigDecimal.valueOf(3600)),
      Map.entry("hr", BigDecimal.valueOf(3600)), Map.entry("hrs", BigDecimal.valueOf(3600)),
      Map.entry("h", BigDecimal.valueOf(3600)),
      Map.entry("days", BigDecimal.valueOf(86400)), Map.entry("day", BigDecimal.valueOf(86400)),
      Map.entry("d", BigDecimal.valueOf(86400)),
      Map.entry("weeks", BigDecimal.valueOf(604800)), Map.entry("week", BigDecimal.valueOf(604800)),
      Map.entry("w", BigDecimal.valueOf(604800)),
      Map.entry("months", BigDecimal.valueOf(2630016)), Map.entry("month", BigDecimal.valueOf(2630016)),
      Map.entry("M", BigDecimal.valueOf(2630016)),
      Map.entry("years", BigDecimal.valueOf(31557600)), Map.entry("year", BigDecimal.valueOf(31557600)),
      Map.entry("y", BigDecimal.valueOf(31557600)));

  private HumanDuration() {}

  /** Whole seconds (fractions dropped, at most u64), or throws IllegalArgumentException saying what is wrong. */
  static long seconds(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(trimmed);
    BigDecimal total = BigDecimal.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      BigDecimal unit = SECONDS_PER_UNIT.get(m.group(2));
      if (unit == null) {
        throw new IllegalArgumentException("unknown time unit \"" + m.group(2) + "\" in \"" + text + "\"");
      }
      total = total.add(new BigDecimal(m.group(1)).multiply(unit));
      end = m.end();
    }
    if (end != trimmed.length()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    if (total.compareTo(U64_MAX) > 0) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too large");
    }
    // Seconds are a u64 carried in a long, as everywhere in the config model.
    return total.toBigInteger().longValue();
  }
}
