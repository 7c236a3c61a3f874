package dev.s2lite.emulator.store;

/**
 * Where a read from the store stops: before the record that would exceed {@code count} records
 * or {@code meteredBytes} bytes, or the first record whose timestamp is at or after
 * {@code untilTimestamp} (unsigned; {@code -1L}, the u64 maximum, for no bound).
 */
public record ReadBounds(int count, long meteredBytes, long untilTimestamp) {}
