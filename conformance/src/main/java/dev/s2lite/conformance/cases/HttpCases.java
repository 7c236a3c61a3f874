package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class HttpCases {
  private HttpCases() {}

  public static void register(Suite s) {}
}
