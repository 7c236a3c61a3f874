package dev.s2lite.emulator.record;

/**
 * The answer to a durable append: {@code start} is the first record's position, {@code end}
 * the position after the last one (seq_num) with the last record's timestamp, {@code tail} the
 * durable tail when the ack was released.
 */
public record AppendAck(StreamPosition start, StreamPosition end, StreamPosition tail) {}
