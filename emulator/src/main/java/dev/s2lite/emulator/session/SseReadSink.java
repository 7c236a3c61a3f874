package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.RecordFormat;
import dev.s2lite.emulator.record.RecordJson;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.StreamPosition;

/** A read session as SSE: {@code batch}, {@code ping}, {@code error} events and the final {@code [DONE]}. */
public final class SseReadSink implements ReadSink {

  private final RecordFormat format;
  private final LastEventId resumedFrom;

  /** @param resumedFrom the request's {@code Last-Event-ID}, or null: event ids count on from it */
  public SseReadSink(RecordFormat format, LastEventId resumedFrom) {
    this.format = format;
    this.resumedFrom = resumedFrom;
  }

  @Override
  public byte[] batch(StoredBatch batch, LastEventId delivered) {
    // lite 0.43: the counters continue from Last-Event-ID, so a resumed read emits the ids an
    // uninterrupted one would have.
    LastEventId id = resumedFrom == null ? delivered : new LastEventId(delivered.seqNum(),
        saturatingAdd(resumedFrom.count(), delivered.count()),
        saturatingAdd(resumedFrom.bytes(), delivered.bytes()));
    return SseEvents.batch(id, RecordJson.readBatch(batch.decode(), format));
  }

  /** u64 addition in longs, stopping at 2^64-1. */
  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return Long.compareUnsigned(sum, a) < 0 ? -1L : sum;
  }

  @Override
  public byte[] heartbeat(StreamPosition tail, long nowMillis) {
    return SseEvents.ping(nowMillis, tail.seqNum(), tail.timestamp());
  }

  @Override
  public byte[] error(S2Error error) {
    return SseEvents.error(error);
  }

  @Override
  public byte[] end() {
    return SseEvents.done();
  }
}
