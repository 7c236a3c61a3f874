package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.ReadBatch;
import dev.s2lite.emulator.record.RecordProto;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.StreamPosition;
import java.util.List;

/** A read session as S2S frames: ReadBatch messages, heartbeats as empty batches with the tail. */
public final class S2sReadSink implements ReadSink {

  private final S2sFrameEncoder encoder;

  public S2sReadSink(S2sFrameEncoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public byte[] batch(StoredBatch batch, LastEventId delivered) {
    return encoder.messageAfterRoom(RecordProto.readBatch(batch, S2sFrameEncoder.ROOM));
  }

  @Override
  public byte[] heartbeat(StreamPosition tail, long nowMillis) {
    return encoder.message(RecordProto.readBatch(new ReadBatch(List.of(), tail)));
  }

  @Override
  public byte[] error(S2Error error) {
    return S2sFrameEncoder.terminal(error.status(), error.body());
  }

  @Override
  public byte[] end() {
    return null;
  }
}
