package dev.s2lite.emulator.store;

/**
 * A stream's record-side state, written atomically with each batch.
 *
 * @param nextSeqNum the seq_num the next record gets (the tail)
 * @param lastTimestamp the last record's timestamp, 0 before the first record
 * @param trimPoint records below this seq_num are to be deleted (u64 in a long)
 */
public record RecordsState(long nextSeqNum, long lastTimestamp, String fencingToken, long trimPoint) {

  public static final RecordsState EMPTY = new RecordsState(0, 0, "", 0);
}
