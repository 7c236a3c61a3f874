package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.json.WireEnum;

public enum TimestampingMode implements WireEnum {
  CLIENT_PREFER,
  CLIENT_REQUIRE,
  ARRIVAL
}
