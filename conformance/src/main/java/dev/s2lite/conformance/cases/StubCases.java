package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class StubCases {
  private StubCases() {}

  public static void register(Suite s) {}
}
