package dev.s2lite.testcontainers;

/** The module's tests on a container started by hand and shared across classes (the singleton pattern). */
class SingletonContainerIT extends S2LiteContainerContract {

  @Override
  S2LiteContainer s2() {
    return SharedS2Lite.S2;
  }
}
