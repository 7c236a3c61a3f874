package dev.s2lite.testcontainers;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The module's tests on a container that {@code @Testcontainers} starts and stops with the class. */
@Testcontainers
class ManagedContainerIT extends S2LiteContainerContract {

  @Container
  static final S2LiteContainer S2 = new S2LiteContainer();

  @Override
  S2LiteContainer s2() {
    return S2;
  }
}
