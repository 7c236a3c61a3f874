package dev.s2lite.testcontainers;

import java.time.Instant;

/**
 * A snapshot kept in the emulator's memory.
 *
 * @param createdAt when it was taken, on the server's clock
 * @param bytes the size of its file
 */
public record SnapshotInfo(String name, Instant createdAt, long bytes, long basins, long streams, long records) {}
