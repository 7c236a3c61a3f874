package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two emulators on one bucket and path: the newer writer fences the older one, which stops with
 * {@code 500 storage}, and no acknowledged record is ever lost or overwritten, even when writers
 * take over while appends are in flight. Run against {@link AtomicS3Server}, whose conditional
 * writes are atomic as S3's are (s3proxy's race).
 */
class S3StoreFencingTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();
  private static final String BASIN = "fencing-basin";
  private static final ReadBounds ALL = new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static S3Settings settings(String path) {
    return TestStores.on(server, path).build();
  }

  private static StoredRecord record(long seq, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new StoredRecord(seq, seq, Long.MAX_VALUE, 8 + bytes.length, bytes);
  }

  private static List<String> bodies(List<StoredRecord> records) {
    return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
  }

  private static S2Error storageError(Throwable t) {
    Throwable cause = t instanceof CompletionException ? t.getCause() : t;
    assertThat(cause).isInstanceOf(S2Error.class);
    S2Error e = (S2Error) cause;
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.code()).isEqualTo("storage");
    return e;
  }

  @Test
  void aSecondStoreOnTheSamePathFencesTheFirstWhichThenAnswersStorageErrors() {
    String path = TestStores.uniquePath();
    S3Store first = S3Store.open(settings(path));
    first.appendRecords(BASIN, "s", List.of(record(0, "a0"), record(1, "a1")), new RecordsState(2, 1, "", 0)).join();

    try (S3Store second = S3Store.open(settings(path))) {
      assertThat(bodies(second.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("a0", "a1");

      CompletableFuture<Void> late = first.appendRecords(BASIN, "s", List.of(record(2, "a2")), new RecordsState(3, 2, "", 0));
      assertThatThrownBy(late::join).satisfies(e -> assertThat(storageError(e).getMessage()).contains("fenced"));
      assertThat(first.unavailable()).contains("Fenced");
      assertThatThrownBy(() -> first.basin("my-basin-1")).satisfies(S3StoreFencingTest::storageError);
      assertThatThrownBy(() -> first.putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, Instant.EPOCH, null, null)))
          .satisfies(S3StoreFencingTest::storageError);
      assertThatThrownBy(() -> first.readRecords(BASIN, "s", 0, ALL, 0)).satisfies(S3StoreFencingTest::storageError);

      second.appendRecords(BASIN, "s", List.of(record(2, "b2")), new RecordsState(3, 2, "", 0)).join();
    } finally {
      first.close();
    }
    try (S3Store third = S3Store.open(settings(path))) {
      assertThat(bodies(third.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("a0", "a1", "b2");
    }
  }

  @Test
  void anIdleFencedStoreNoticesWithoutWriting() throws InterruptedException {
    String path = TestStores.uniquePath();
    try (S3Store first = S3Store.open(settings(path)); S3Store second = S3Store.open(settings(path))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (first.unavailable().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(first.unavailable()).contains("Fenced");
      assertThat(second.unavailable()).isEmpty();
    }
  }

  @Test
  void aServerThatIgnoresConditionalWritesIsRefusedAtOpen() {
    try (AtomicS3Server careless = new AtomicS3Server(null, false)) {
      S3Settings settings = TestStores.on(careless, TestStores.uniquePath()).build();
      assertThatThrownBy(() -> S3Store.open(settings))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ignores conditional writes");
    }
  }

  /** An append a writer sent: acknowledged or not. */
  private record Sent(int writer, String stream, long firstSeq, List<String> bodies, boolean acked) {}

  /**
   * Writers take over one after another while the previous one is still appending to four
   * streams with pipelined batches; two of them open at the same moment. Afterwards every
   * acknowledged batch is in the store at its seq_nums, records are dense, and every record
   * present is one some writer sent at that seq_num.
   */
  @Test
  void writersTakingOverMidAppendNeverLoseOrOverwriteAnAcknowledgedRecord() throws Exception {
    String path = TestStores.uniquePath();
    List<String> streams = List.of("s0", "s1", "s2", "s3");
    List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newCachedThreadPool();
    List<S3Store> stores = new ArrayList<>();
    List<AtomicBoolean> stops = new ArrayList<>();
    List<Future<?>> appenders = new ArrayList<>();
    try {
      int writer = 0;
      for (int generation = 0; generation < 5; generation++) {
        int opening = generation == 2 ? 2 : 1;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<S3Store>> opened = new ArrayList<>();
        for (int i = 0; i < opening; i++) {
          opened.add(pool.submit(() -> {
            go.await();
            return S3Store.open(settings(path));
          }));
        }
        go.countDown();
        for (Future<S3Store> f : opened) {
          S3Store store;
          try {
            store = f.get(60, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            // Two writers opening at once: one may find the other already took over.
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
            continue;
          }
          stores.add(store);
          int id = writer++;
          AtomicBoolean stop = new AtomicBoolean();
          stops.add(stop);
          for (String stream : streams) {
            appenders.add(pool.submit(() -> appendUntilFenced(store, id, stream, stop, sent)));
          }
        }
        Thread.sleep(300);
      }
      Thread.sleep(300);
      stops.forEach(s -> s.set(true));
      for (Future<?> a : appenders) {
        a.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stores.forEach(S3Store::close);
      pool.shutdownNow();
    }

    assertThat(sent.stream().filter(Sent::acked).map(Sent::writer).distinct().count())
        .as("writers that had appends acknowledged").isGreaterThanOrEqualTo(3);
    try (S3Store reader = S3Store.open(settings(path))) {
      for (String stream : streams) {
        List<StoredRecord> records = reader.readRecords(BASIN, stream, 0, ALL, 0);
        assertThat(records).extracting(StoredRecord::seqNum)
            .containsExactlyElementsOf(java.util.stream.LongStream.range(0, records.size()).boxed().toList());
        assertThat(reader.recordsState(BASIN, stream).nextSeqNum()).isEqualTo(records.size());
        Map<Long, java.util.Set<String>> candidates = new ConcurrentHashMap<>();
        for (Sent s : sent) {
          if (!s.stream().equals(stream)) {
            continue;
          }
          for (int i = 0; i < s.bodies().size(); i++) {
            candidates.computeIfAbsent(s.firstSeq() + i, k -> ConcurrentHashMap.newKeySet()).add(s.bodies().get(i));
          }
          if (s.acked()) {
            assertThat(bodies(records.subList((int) Math.min(s.firstSeq(), records.size()),
                (int) Math.min(s.firstSeq() + s.bodies().size(), records.size()))))
                .as("acknowledged batch of writer %d at %s/%d", s.writer(), stream, s.firstSeq())
                .containsExactlyElementsOf(s.bodies());
          }
        }
        for (StoredRecord r : records) {
          assertThat(candidates.getOrDefault(r.seqNum(), java.util.Set.of()))
              .as("record %s/%d was sent at that seq_num", stream, r.seqNum())
              .contains(new String(r.payload(), StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** As a stream's engine would: pipelined batches from the recovered tail until a batch fails. */
  private static void appendUntilFenced(S3Store store, int writer, String stream, AtomicBoolean stop, List<Sent> sent) {
    long next;
    try {
      next = store.recordsState(BASIN, stream).nextSeqNum();
    } catch (S2Error e) {
      return;
    }
    List<CompletableFuture<Void>> window = new ArrayList<>();
    List<List<String>> windowBodies = new ArrayList<>();
    List<Long> windowSeqs = new ArrayList<>();
    int batch = 0;
    while (!stop.get()) {
      List<StoredRecord> records = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String body = "w" + writer + "-" + stream + "-b" + batch + "-" + i;
        records.add(record(next + i, body));
        bodies.add(body);
      }
      window.add(store.appendRecords(BASIN, stream, records, new RecordsState(next + 3, next + 2, "", 0)));
      windowBodies.add(bodies);
      windowSeqs.add(next);
      next += 3;
      batch++;
      if (window.size() == 4 && !settle(window.remove(0), writer, stream, windowSeqs.remove(0), windowBodies.remove(0), sent)) {
        break;
      }
    }
    while (!window.isEmpty()) {
      settle(window.remove(0), writer, stream, windowSeqs.remove(0), windowBodies.remove(0), sent);
    }
  }

  private static boolean settle(CompletableFuture<Void> ack, int writer, String stream, long firstSeq,
      List<String> bodies, List<Sent> sent) {
    boolean acked;
    try {
      ack.get(60, TimeUnit.SECONDS);
      acked = true;
    } catch (Exception e) {
      acked = false;
    }
    sent.add(new Sent(writer, stream, firstSeq, bodies, acked));
    return acked;
  }
}
