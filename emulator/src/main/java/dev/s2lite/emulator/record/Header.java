package dev.s2lite.emulator.record;

/** One record header: a name and a value, both raw bytes. */
public record Header(byte[] name, byte[] value) {}
