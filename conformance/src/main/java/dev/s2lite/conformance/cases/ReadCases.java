package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class ReadCases {
  private ReadCases() {}

  public static void register(Suite s) {}
}
