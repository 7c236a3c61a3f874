package dev.s2lite.conformance;

/** The server did not behave as the case expects; the message says expected and actual. */
public final class CaseFailure extends AssertionError {
  public CaseFailure(String message) {
    super(message);
  }
}
