package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class TailCases {
  private TailCases() {}

  public static void register(Suite s) {}
}
