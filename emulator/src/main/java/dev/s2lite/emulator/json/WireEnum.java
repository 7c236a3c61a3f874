package dev.s2lite.emulator.json;

import java.util.Locale;

/** An enum spelt on the wire as its constant's name in lower kebab case: {@code AES_256_GCM} is {@code aes-256-gcm}. */
public interface WireEnum {

  /** Implemented by {@link Enum#name()}. */
  String name();

  default String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant spelt {@code value}, or null when there is none. */
  static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wire().equals(value)) {
        return constant;
      }
    }
    return null;
  }
}
