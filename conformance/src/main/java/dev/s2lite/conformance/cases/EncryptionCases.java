package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

public final class EncryptionCases {
  private EncryptionCases() {}

  public static void register(Suite s) {}
}
