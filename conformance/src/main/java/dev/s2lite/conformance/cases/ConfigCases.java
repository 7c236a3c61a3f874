package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class ConfigCases {
  private ConfigCases() {}

  public static void register(Suite s) {}
}
