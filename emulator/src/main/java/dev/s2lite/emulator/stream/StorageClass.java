package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.json.WireEnum;

/** Accepted, stored and echoed; it changes nothing in an emulator (nor in s2-lite). */
public enum StorageClass implements WireEnum {
  STANDARD,
  EXPRESS
}
