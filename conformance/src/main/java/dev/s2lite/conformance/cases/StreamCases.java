package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class StreamCases {
  private StreamCases() {}

  public static void register(Suite s) {}
}
