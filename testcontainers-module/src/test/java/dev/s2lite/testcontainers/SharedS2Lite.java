package dev.s2lite.testcontainers;

/**
 * The singleton pattern of Testcontainers: one container, started when a test class first
 * touches it, shared by every class of the run, removed when the JVM exits.
 */
final class SharedS2Lite {

  /** Resource lock name: tests that reset the shared container hold it alone. */
  static final String RESOURCE = "s2lite-shared-container";

  static final S2LiteContainer S2 = new S2LiteContainer();

  static {
    S2.start();
  }

  private SharedS2Lite() {}
}
