package dev.s2lite.conformance;

import java.util.List;

/**
 * What became of one case.
 *
 * @param message why it failed, was skipped or is a known gap; null when it passed
 */
public record Result(Case testCase, Outcome outcome, String message, List<Exchange> exchanges, long millis) {

  public enum Outcome { PASSED, FAILED, SKIPPED, KNOWN_GAP }

  /** The exchange the failure is about: the last one whose response broke the description, else the last. */
  public Exchange relevantExchange() {
    for (int i = exchanges.size() - 1; i >= 0; i--) {
      if (!exchanges.get(i).problems().isEmpty()) {
        return exchanges.get(i);
      }
    }
    return exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1);
  }
}
