package dev.s2lite.emulator.store.s3;

/** A stored object that cannot be read back as what it claims to be. */
final class CorruptObjectException extends RuntimeException {

  CorruptObjectException(String object, String problem) {
    super(object + " is unreadable: " + problem);
  }
}
