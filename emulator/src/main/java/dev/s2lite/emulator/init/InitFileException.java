package dev.s2lite.emulator.init;

/** The init file could not be read, parsed, validated or applied; the message says which and where. */
public final class InitFileException extends RuntimeException {
  public InitFileException(String message) {
    super(message);
  }

  public InitFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
