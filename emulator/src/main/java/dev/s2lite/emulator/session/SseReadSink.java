package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.ReadBatch;
import dev.s2lite.emulator.record.RecordFormat;
import dev.s2lite.emulator.record.RecordJson;
import dev.s2lite.emulator.record.StreamPosition;

/** A read session as SSE: {@code batch}, {@code ping}, {@code error} events and the final {@code [DONE]}. */
public final class SseReadSink implements ReadSink {

  private final RecordFormat format;

  public SseReadSink(RecordFormat format) {
    this.format = format;
  }

  @Override
  public byte[] batch(ReadBatch batch, LastEventId delivered) {
    return SseEvents.batch(delivered, RecordJson.readBatch(batch, format));
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
