package dev.s2lite.emulator.record;

/**
 * A validated record ready for sequencing: its stored payload (plain or already encrypted),
 * metered size, client timestamp (null when absent) and command (null for envelope records).
 */
public record PreparedRecord(
    Long clientTimestamp, int meteredBytes, byte[] payload, Command command, boolean encrypted) {}
