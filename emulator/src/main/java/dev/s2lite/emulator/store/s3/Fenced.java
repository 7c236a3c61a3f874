package dev.s2lite.emulator.store.s3;

/** A newer writer took over the store's bucket and path: this one must stop writing. */
final class Fenced extends RuntimeException {

  Fenced(String message) {
    super(message);
  }
}
