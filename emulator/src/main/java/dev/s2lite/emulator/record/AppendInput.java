package dev.s2lite.emulator.record;

import java.util.List;

/** One append: a batch of records and its optional conditions (null when absent). */
public record AppendInput(List<AppendRecord> records, Long matchSeqNum, String fencingToken) {}
