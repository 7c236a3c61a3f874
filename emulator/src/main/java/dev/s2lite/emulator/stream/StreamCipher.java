package dev.s2lite.emulator.stream;

/** The cipher a basin assigns to streams created in it; fixed for a stream's life. */
public enum StreamCipher {
  AEGIS_256("aegis-256"),
  AES_256_GCM("aes-256-gcm");

  private final String wire;

  StreamCipher(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static StreamCipher fromWire(String value) {
    for (StreamCipher c : values()) {
      if (c.wire.equals(value)) {
        return c;
      }
    }
    return null;
  }
}
