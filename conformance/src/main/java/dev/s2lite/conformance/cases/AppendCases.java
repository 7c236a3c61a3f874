package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class AppendCases {
  private AppendCases() {}

  public static void register(Suite s) {}
}
