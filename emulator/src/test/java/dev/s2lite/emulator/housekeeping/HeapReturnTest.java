package dev.s2lite.emulator.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.AppendRecord;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Memory goes back to the OS after large deletions, once the server is idle (issue 8, item 5). */
class HeapReturnTest {

  private final AtomicInteger collections = new AtomicInteger();
  private final AtomicBoolean idle = new AtomicBoolean(true);
  private StreamService streams;
  private RecordService records;
  private Housekeeper housekeeper;

  @BeforeEach
  void services() {
    Clock clock = Clock.systemUTC();
    ReentrantLock lock = new ReentrantLock();
    MemoryStore store = new MemoryStore();
    Engines engines = new Engines(store, clock, () -> {});
    housekeeper = new Housekeeper(store, engines, clock, lock, Duration.ZERO,
        new HeapReturn(idle::get, collections::incrementAndGet));
    BasinService basins = new BasinService(store, clock, lock, housekeeper);
    streams = new StreamService(store, clock, lock, basins, housekeeper, engines);
    records = new RecordService(store, basins, streams, engines);
    basins.ensure("memory-basin", BasinConfig.DEFAULTS);
  }

  @Test
  void deletingMoreThanTheThresholdCollectsOnceWhenIdle() {
    fill("big", HeapReturn.THRESHOLD_BYTES + (1 << 20));

    streams.delete("memory-basin", "big");
    housekeeper.runOnce();
    housekeeper.runOnce();

    assertThat(collections).hasValue(1);
  }

  @Test
  void aCollectionWaitsUntilTheServerIsIdle() {
    fill("big", HeapReturn.THRESHOLD_BYTES + (1 << 20));
    idle.set(false);

    streams.delete("memory-basin", "big");
    housekeeper.runOnce();
    assertThat(collections).hasValue(0);
    idle.set(true);
    housekeeper.runOnce();

    assertThat(collections).hasValue(1);
  }

  @Test
  void smallDeletionsDoNotCollect() {
    fill("small", 8 << 20);

    streams.delete("memory-basin", "small");
    housekeeper.runOnce();

    assertThat(collections).hasValue(0);
  }

  /** Appends about {@code bytes} of 1 KiB records to a new stream. */
  private void fill(String stream, long bytes) {
    streams.create("memory-basin", stream, StreamConfig.UNSET, null);
    byte[] body = new byte[1024];
    for (long written = 0; written < bytes; written += 1000L * body.length) {
      List<AppendRecord> batch = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        batch.add(new AppendRecord(null, List.of(), body));
      }
      records.append("memory-basin", stream, new AppendInput(batch, null, null), null, StreamConfig.UNSET).join();
    }
  }
}
