package dev.s2lite.emulator.record;

import java.util.List;

/** A record as a reader sees it: decrypted, with its seq_num and timestamp. */
public record SequencedRecord(long seqNum, long timestamp, List<Header> headers, byte[] body) {

  /** s2's metered size, as {@link AppendRecord#meteredBytes()}. */
  public long meteredBytes() {
    return new AppendRecord(null, headers, body).meteredBytes();
  }
}
