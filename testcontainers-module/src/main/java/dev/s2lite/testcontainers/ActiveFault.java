package dev.s2lite.testcontainers;

import java.time.Instant;

/**
 * A fault rule as installed in the emulator.
 *
 * @param id the rule's id, to remove it ({@code f1}, {@code f2}...)
 * @param fired how many requests it acted on so far
 * @param remaining how many more it will act on; null for no limit
 * @param expiresAt when it stops matching (server clock); null for never
 */
public record ActiveFault(String id, long fired, Integer remaining, Instant expiresAt) {}
