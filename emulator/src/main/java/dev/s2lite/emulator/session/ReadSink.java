package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.StreamPosition;

/** How a read session's messages look on the wire: S2S frames or SSE events. */
public interface ReadSink {

  /**
   * A batch of records, as stored (the sink decodes them, or encodes plain ones as they are).
   *
   * @param delivered the last record's seq_num and the records and metered bytes delivered on
   *     this response so far, this batch included
   */
  byte[] batch(StoredBatch batch, LastEventId delivered);

  byte[] heartbeat(StreamPosition tail, long nowMillis);

  byte[] error(S2Error error);

  /** What ends a normal session, or null when ending the body says it. */
  byte[] end();
}
