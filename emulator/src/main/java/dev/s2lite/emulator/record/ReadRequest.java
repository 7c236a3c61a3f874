package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;

/**
 * A read's parameters as a client gave them (null when absent): at most one start, the bounds,
 * clamp and wait. Validation happens at construction, before any stream is resolved or created.
 */
public record ReadRequest(
    Long seqNum, Long timestamp, Long tailOffset, boolean clamp,
    Long count, Long bytes, Long until, Long waitSeconds) {

  public ReadRequest {
    int starts = (seqNum != null ? 1 : 0) + (timestamp != null ? 1 : 0) + (tailOffset != null ? 1 : 0);
    if (starts > 1) {
      throw S2Error.invalid("only one of seq_num, timestamp, or tail_offset can be provided");
    }
    if (timestamp != null && until != null && Long.compareUnsigned(timestamp, until) >= 0) {
      throw S2Error.invalid("start `timestamp` exceeds or equal to `until`");
    }
  }

  /** lite 0.43: a zero {@code count} or {@code bytes} finishes the read at once, with nothing. */
  public boolean limitsToNothing() {
    return count != null && count == 0 || bytes != null && bytes == 0;
  }
}
