package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class SseCases {
  private SseCases() {}

  public static void register(Suite s) {}
}
