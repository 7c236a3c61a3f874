package dev.s2lite.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cases the emulator is known to fail, each with the issue that fixes it: the one list, in
 * {@code known-gaps.txt} beside this class. Against the emulator such a failure is reported as a
 * known gap, not a failure; a listed case that passes is reported so the line can go.
 */
public final class KnownGaps {

  private final Map<String, String> reasons;

  private KnownGaps(Map<String, String> reasons) {
    this.reasons = reasons;
  }

  public static KnownGaps load() {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = KnownGaps.class.getResourceAsStream("known-gaps.txt")) {
      if (in != null) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          line = line.strip();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int space = line.indexOf(' ');
          out.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KnownGaps(out);
  }

  public static KnownGaps none() {
    return new KnownGaps(Map.of());
  }

  /** The reason a case is a known gap of the emulator, or null. */
  public String reason(String caseId) {
    return reasons.get(caseId);
  }

  public Map<String, String> all() {
    return Map.copyOf(reasons);
  }
}
