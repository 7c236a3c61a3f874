package dev.s2lite.emulator.session;

/**
 * A streaming read, resolved before the session starts.
 *
 * @param startSeqNum where reading starts
 * @param count records over the whole session, or null for no bound
 * @param bytes metered bytes over the whole session, or null for no bound
 * @param until exclusive timestamp bound (u64 in a long), or null
 * @param waitSeconds how long to wait for new records after the last delivery, or null (forever)
 */
public record ReadPlan(long startSeqNum, Long count, Long bytes, Long until, Long waitSeconds) {

  public ReadPlan withStart(long seqNum) {
    return new ReadPlan(seqNum, count, bytes, until, waitSeconds);
  }

  /** lite §12.4: unbounded, or an explicit positive wait. */
  public boolean mayFollow() {
    return (count == null && bytes == null && until == null) || (waitSeconds != null && waitSeconds > 0);
  }
}
