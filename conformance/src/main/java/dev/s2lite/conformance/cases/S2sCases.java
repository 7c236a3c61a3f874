package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class S2sCases {
  private S2sCases() {}

  public static void register(Suite s) {}
}
