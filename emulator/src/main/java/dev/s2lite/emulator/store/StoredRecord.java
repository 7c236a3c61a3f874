package dev.s2lite.emulator.store;

/**
 * A sequenced record as the store keeps it. The store does not interpret {@code payload}.
 *
 * @param timestamp a u64 in a long; non-decreasing within a stream
 * @param expiresAtMillis when the record stops being readable (write time + retention), or
 *     {@link Long#MAX_VALUE} for never
 * @param meteredBytes the record's metered size, which bounds reads
 */
public record StoredRecord(
    long seqNum, long timestamp, long expiresAtMillis, int meteredBytes, byte[] payload) {}
