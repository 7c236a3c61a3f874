package dev.s2lite.emulator.store;

/** The outcome of a create or ensure: the resource as it now is, and what was done. */
public record Provisioned<T>(T resource, ProvisionResult result) {}
