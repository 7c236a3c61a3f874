package dev.s2lite.emulator.session;

/** Bytes that are not a valid S2S frame; becomes {@code 400 bad_frame}. */
public final class S2sFrameException extends Exception {
  public S2sFrameException(String message) {
    super(message, null, false, false);
  }
}
