package dev.s2lite.emulator.stream;

/** Accepted, stored and echoed; it changes nothing in an emulator (nor in s2-lite). */
public enum StorageClass {
  STANDARD("standard"),
  EXPRESS("express");

  private final String wire;

  StorageClass(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static StorageClass fromWire(String value) {
    for (StorageClass c : values()) {
      if (c.wire.equals(value)) {
        return c;
      }
    }
    return null;
  }
}
