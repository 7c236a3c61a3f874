package dev.s2lite.emulator.bench;

import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.AppendRecord;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Measures the heap 1 GiB of 1 KiB records takes in the memory store, through the real append
 * path (validation, envelope encoding, engine, store). Run by hand in a fresh JVM:
 * <pre>
 * mvn -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx3g -cp emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt) \
 *   dev.s2lite.emulator.bench.RecordMemoryBench [MiB, default 1024]
 * </pre>
 * Bounded: stops after the given volume or 5 minutes.
 */
public final class RecordMemoryBench {

  public static void main(String[] args) {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    long records = mib * 1024;
    MemoryStore store = new MemoryStore();
    Clock clock = Clock.systemUTC();
    ReentrantLock lock = new ReentrantLock();
    Engines engines = new Engines(store, clock, () -> { });
    Housekeeper housekeeper = new Housekeeper(store, engines, clock, lock, Duration.ZERO);
    BasinService basins = new BasinService(store, clock, lock, housekeeper);
    StreamService streams = new StreamService(store, clock, lock, basins, housekeeper, engines);
    RecordService service = new RecordService(store, basins, streams, engines);
    basins.create("bench-basin", BasinConfig.DEFAULTS, null);
    streams.create("bench-basin", "s", StreamConfig.UNSET, null);

    long before = usedAfterGc();
    long started = System.nanoTime();
    byte[] body = new byte[1024];
    long appended = 0;
    while (appended < records && System.nanoTime() - started < Duration.ofMinutes(5).toNanos()) {
      List<AppendRecord> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000 && appended + i < records; i++) {
        body[0] = (byte) (appended + i);
        batch.add(new AppendRecord(null, List.of(), body.clone()));
      }
      service.append("bench-basin", "s", new AppendInput(batch, null, null), null).join();
      appended += batch.size();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long after = usedAfterGc();
    long payload = appended * 1024;
    System.out.printf("records: %d of 1 KiB (%.1f MiB payload) in %.1f s%n", appended, payload / 1048576.0, seconds);
    System.out.printf("heap used after GC: %.1f MiB (%.3f x payload)%n",
        (after - before) / 1048576.0, (after - before) / (double) payload);
    System.out.printf("store accounting: %.1f MiB%n", store.recordsFootprint("bench-basin", "s") / 1048576.0);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
