package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class CommandCases {
  private CommandCases() {}

  public static void register(Suite s) {}
}
