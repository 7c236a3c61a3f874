package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Restart time of the S3 store holding a given amount of data: fills a fresh path with 1 KiB
 * records (batches of 100, four streams, pipelined), then times opening the store after a crash
 * (the log since the last checkpoint is replayed) and after a clean close (nothing to replay).
 * {@code bench/s3.sh} runs it against s3proxy on loopback; by hand, with any S3 server:
 * <pre>
 * mvn -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt) \
 *   dev.s2lite.emulator.store.s3.S3RestartBench http://127.0.0.1:9000 BUCKET ACCESS_KEY SECRET [MiB, default 1024]
 * </pre>
 */
public final class S3RestartBench {

  private S3RestartBench() {}

  public static void main(String[] args) {
    AwsSettings aws = new AwsSettings(URI.create(args[0]), "us-east-1",
        new AwsSettings.StaticCredentials(args[2], args[3], null), false);
    long mebibytes = args.length > 4 ? Long.parseLong(args[4]) : 1024;
    S3Settings settings = S3Settings.builder(args[1]).path("restart-bench-" + System.currentTimeMillis()).aws(aws).build();

    long started = System.nanoTime();
    S3Store store = S3Store.open(settings);
    fill(store, mebibytes * 1024 / 4);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("wrote %d MiB in %.1f s (%.1f MiB/s)%n", mebibytes, seconds, mebibytes / seconds);
    store.halt();

    long crash = System.nanoTime();
    store = S3Store.open(settings);
    System.out.printf("open after a crash: %d ms%n", (System.nanoTime() - crash) / 1_000_000);
    store.close();
    long clean = System.nanoTime();
    store = S3Store.open(settings);
    System.out.printf("open after a clean close: %d ms%n", (System.nanoTime() - clean) / 1_000_000);
    store.close();
  }

  private static void fill(S3Store store, long perStream) {
    byte[] payload = new byte[1024];
    List<ArrayDeque<CompletableFuture<Void>>> windows = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      windows.add(new ArrayDeque<>());
    }
    for (long seq = 0; seq < perStream; seq += 100) {
      for (int s = 0; s < 4; s++) {
        List<StoredRecord> batch = new ArrayList<>(100);
        for (long n = seq; n < seq + 100; n++) {
          batch.add(new StoredRecord(n, n, Long.MAX_VALUE, 1032, payload));
        }
        ArrayDeque<CompletableFuture<Void>> window = windows.get(s);
        window.add(store.appendRecords("bench", "stream-" + s, batch, new RecordsState(seq + 100, seq + 99, "", 0)));
        if (window.size() == 10) {
          window.poll().join();
        }
      }
    }
    windows.forEach(w -> w.forEach(CompletableFuture::join));
  }
}
