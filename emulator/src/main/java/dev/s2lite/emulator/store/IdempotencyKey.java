package dev.s2lite.emulator.store;

/**
 * What a create with an {@code s2-request-token} remembers, so that a retry of the same create
 * (same token, same requested config) is answered as a replay instead of a conflict.
 *
 * @param requestedConfig the config as the client asked for it, before any defaults were applied
 */
public record IdempotencyKey<C>(String requestToken, C requestedConfig) {}
