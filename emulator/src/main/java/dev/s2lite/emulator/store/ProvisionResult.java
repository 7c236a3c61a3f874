package dev.s2lite.emulator.store;

/** What a create or ensure did; sent back as the {@code s2-provision-result} header. */
public enum ProvisionResult {
  CREATED("created"),
  UPDATED("updated"),
  NOOP("noop");

  private final String wire;

  ProvisionResult(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
