package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class AutoCreateCases {
  private AutoCreateCases() {}

  public static void register(Suite s) {}
}
