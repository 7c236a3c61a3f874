package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class LimitCases {
  private LimitCases() {}

  public static void register(Suite s) {}
}
