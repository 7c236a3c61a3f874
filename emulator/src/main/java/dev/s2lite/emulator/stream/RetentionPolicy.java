package dev.s2lite.emulator.stream;

/** How long records are kept: an age in seconds from when they were written, or forever. */
public sealed interface RetentionPolicy {

  record Age(long seconds) implements RetentionPolicy {}

  record Infinite() implements RetentionPolicy {}

  RetentionPolicy DEFAULT = new Age(7 * 24 * 3600);
}
