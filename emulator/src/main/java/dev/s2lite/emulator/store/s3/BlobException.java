package dev.s2lite.emulator.store.s3;

/** Object storage could not do what was asked: unreachable, refused, or a missing bucket. */
final class BlobException extends RuntimeException {

  BlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
