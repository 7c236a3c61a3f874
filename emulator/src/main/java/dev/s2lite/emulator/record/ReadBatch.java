package dev.s2lite.emulator.record;

import java.util.List;

/** Records returned by one read; {@code tail} is set only for records delivered while following. */
public record ReadBatch(List<SequencedRecord> records, StreamPosition tail) {}
