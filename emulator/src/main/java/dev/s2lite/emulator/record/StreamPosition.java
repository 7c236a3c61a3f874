package dev.s2lite.emulator.record;

/** A position in a stream: a seq_num and a timestamp (both u64 carried in longs). */
public record StreamPosition(long seqNum, long timestamp) {

  public static final StreamPosition ZERO = new StreamPosition(0, 0);
}
