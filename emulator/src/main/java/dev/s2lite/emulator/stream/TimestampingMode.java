package dev.s2lite.emulator.stream;

public enum TimestampingMode {
  CLIENT_PREFER("client-prefer"),
  CLIENT_REQUIRE("client-require"),
  ARRIVAL("arrival");

  private final String wire;

  TimestampingMode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static TimestampingMode fromWire(String value) {
    for (TimestampingMode m : values()) {
      if (m.wire.equals(value)) {
        return m;
      }
    }
    return null;
  }
}
