package dev.s2lite.emulator.bench;

import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.Envelope;
import dev.s2lite.emulator.record.Header;
import dev.s2lite.emulator.record.RecordProto;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.StreamPosition;
import dev.s2lite.emulator.session.S2sFrameEncoder;
import dev.s2lite.emulator.store.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The record codecs on a session's hot paths, one maximal message (1 MiB of records) per
 * operation: a read batch framed for S2S from stored records (as sessions do), the same through
 * decoded records (how they did it before), and an append input decoded and wrapped in stored
 * envelopes. Run by hand (about 3 minutes):
 * <pre>
 * mvn -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt) \
 *   org.openjdk.jmh.Main RecordCodecBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordCodecBench {

  @Param({"8192", "512"})
  int recordBytes;

  private StoredBatch batch;
  private byte[] appendInput;
  private final S2sFrameEncoder encoder = new S2sFrameEncoder(Responses.Encoding.IDENTITY);

  @Setup
  public void setUp() throws IOException {
    Random random = new Random(1);
    int count = Math.min(1000, (1 << 20) / recordBytes);
    List<StoredRecord> records = new ArrayList<>();
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(input);
    for (int i = 0; i < count; i++) {
      byte[] body = new byte[recordBytes - 8];
      random.nextBytes(body);
      records.add(new StoredRecord(1_000_000L + i, 1_700_000_000_000L + i, Long.MAX_VALUE, recordBytes,
          Envelope.plain(List.<Header>of(), body)));
      ByteArrayOutputStream record = new ByteArrayOutputStream();
      com.google.protobuf.CodedOutputStream r = com.google.protobuf.CodedOutputStream.newInstance(record);
      r.writeByteArray(3, body);
      r.flush();
      out.writeByteArray(1, record.toByteArray());
    }
    out.flush();
    batch = new StoredBatch(records, null, new StreamPosition(1_000_000L + count, 1_700_000_000_000L + count));
    appendInput = input.toByteArray();
  }

  @Benchmark
  public byte[] readFrameFromStored() {
    return encoder.messageAfterRoom(RecordProto.readBatch(batch, S2sFrameEncoder.ROOM));
  }

  @Benchmark
  public byte[] readFrameThroughDecoded() {
    return encoder.message(RecordProto.readBatch(batch.decode()));
  }

  @Benchmark
  public int appendInputToEnvelopes() {
    AppendInput decoded = RecordProto.appendInput(appendInput);
    int bytes = 0;
    for (var record : decoded.records()) {
      bytes += Envelope.plain(record.headers(), record.body()).length;
    }
    return bytes;
  }
}
