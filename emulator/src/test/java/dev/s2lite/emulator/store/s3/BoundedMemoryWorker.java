package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link S3StoreBoundedMemoryTest}: with a small heap, appends many times
 * its heap size of 1 KiB records to an S3 store (batches of 100, pipelined, on four streams),
 * then reopens the store and reads every record back, checking each byte. Exits non-zero on any
 * failure, OutOfMemoryError included.
 *
 * <p>Arguments: endpoint, bucket, path, MiB to write.
 */
public final class BoundedMemoryWorker {

  private static final int STREAMS = 4;
  private static final int RECORD_BYTES = 1024;
  private static final int BATCH = 100;
  private static final int WINDOW = 8;

  private BoundedMemoryWorker() {}

  public static void main(String[] args) {
    AwsSettings aws = new AwsSettings(URI.create(args[0]), "us-east-1",
        new AwsSettings.StaticCredentials("test-key", "test-secret", null), false);
    S3Settings settings = S3Settings.builder(args[1]).path(args[2]).aws(aws)
        .flushInterval(Duration.ofMillis(5))
        .memtableBytes(4L << 20)
        .cacheBytes(4L << 20)
        .build();
    long perStream = Long.parseLong(args[3]) * 1024 / STREAMS;
    long peak = 0;
    try (S3Store store = S3Store.open(settings)) {
      List<ArrayDeque<CompletableFuture<Void>>> windows = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        windows.add(new ArrayDeque<>());
      }
      for (long seq = 0; seq < perStream; seq += BATCH) {
        for (int s = 0; s < STREAMS; s++) {
          List<StoredRecord> batch = new ArrayList<>(BATCH);
          long end = Math.min(perStream, seq + BATCH);
          for (long n = seq; n < end; n++) {
            batch.add(new StoredRecord(n, n, Long.MAX_VALUE, RECORD_BYTES + 8, payload(s, n)));
          }
          ArrayDeque<CompletableFuture<Void>> window = windows.get(s);
          window.add(store.appendRecords("basin", "stream-" + s, batch, new RecordsState(end, end - 1, "", 0)));
          if (window.size() == WINDOW) {
            window.poll().join();
          }
        }
        peak = Math.max(peak, used());
      }
      windows.forEach(w -> w.forEach(CompletableFuture::join));
    }
    long verified = 0;
    try (S3Store store = S3Store.open(settings)) {
      for (int s = 0; s < STREAMS; s++) {
        long next = 0;
        while (next < perStream) {
          List<StoredRecord> read = store.readRecords("basin", "stream-" + s, next,
              new ReadBounds(1000, Long.MAX_VALUE, -1L), 0);
          if (read.isEmpty()) {
            throw new AssertionError("stream-" + s + " ends at " + next + ", expected " + perStream);
          }
          for (StoredRecord r : read) {
            if (r.seqNum() != next || !Arrays.equals(r.payload(), payload(s, next))) {
              throw new AssertionError("stream-" + s + " record " + r.seqNum() + " differs (expected " + next + ")");
            }
            next++;
            verified++;
          }
          peak = Math.max(peak, used());
        }
      }
    }
    System.out.println("verified " + verified + " records; heap max " + (Runtime.getRuntime().maxMemory() >> 20)
        + " MiB, peak used seen " + (peak >> 20) + " MiB");
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static byte[] payload(int stream, long seq) {
    byte[] bytes = new byte[RECORD_BYTES];
    long x = seq * 0x9E3779B97F4A7C15L + stream;
    for (int i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      bytes[i] = (byte) x;
    }
    return bytes;
  }
}
