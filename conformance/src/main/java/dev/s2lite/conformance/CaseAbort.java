package dev.s2lite.conformance;

/** Ends a case without a verdict on the server (interrupted, or cannot run here). */
public final class CaseAbort extends RuntimeException {
  public CaseAbort(String message) {
    super(message);
  }
}
