package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Object storage misbehaving: failed and lost-response writes are retried without duplicates,
 * storage down for longer than the retry timeout stops the store (and a restart recovers what was
 * acknowledged), a crash in the middle of a checkpoint loses nothing, and unusable buckets or
 * objects are reported in one clear line.
 */
class S3StoreFaultsTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();
  private static final String BASIN = "faults-basin";
  private static final ReadBounds ALL = new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void clearFaults() {
    server.clearFaults();
  }

  private static StoredRecord record(long seq, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new StoredRecord(seq, seq, Long.MAX_VALUE, 8 + bytes.length, bytes);
  }

  private static List<String> bodies(List<StoredRecord> records) {
    return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
  }

  private static CompletableFuture<Void> append(S3Store store, String stream, long seq, String body) {
    return store.appendRecords(BASIN, stream, List.of(record(seq, body)), new RecordsState(seq + 1, seq, "", 0));
  }

  private static boolean logWrite(AtomicS3Server.Request r) {
    return r.method().equals("PUT") && r.key().contains("/wal/");
  }

  @Test
  void failedLogWritesAreRetriedAndEachRecordIsStoredOnce() {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).build();
    try (S3Store store = S3Store.open(settings)) {
      server.fail(S3StoreFaultsTest::logWrite, 503, 6);
      append(store, "s", 0, "r0").join();
      append(store, "s", 1, "r1").join();
    }
    try (S3Store store = S3Store.open(settings)) {
      assertThat(bodies(store.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("r0", "r1");
    }
  }

  @Test
  void aLogWriteWhoseResponseWasLostIsRecognisedAsItsOwnAndAcknowledged() {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).build();
    try (S3Store store = S3Store.open(settings)) {
      server.failAfterApplying(S3StoreFaultsTest::logWrite, 1);
      append(store, "s", 0, "r0").join();
      append(store, "s", 1, "r1").join();
      assertThat(store.unavailable()).isEmpty();
    }
    try (S3Store store = S3Store.open(settings)) {
      assertThat(bodies(store.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("r0", "r1");
    }
  }

  @Test
  void storageDownLongerThanTheRetryTimeoutStopsTheStoreAndARestartRecoversTheAcknowledged() {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).retryTimeout(Duration.ofSeconds(1)).build();
    S3Store store = S3Store.open(settings);
    try {
      append(store, "s", 0, "acked").join();
      server.fail(S3StoreFaultsTest::logWrite, 500, Integer.MAX_VALUE);

      CompletableFuture<Void> doomed = append(store, "s", 1, "never acked");

      assertThatThrownBy(doomed::join).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(S2Error.class).hasMessageContaining("storage lost");
      assertThat(((S2Error) catchCause(doomed)).code()).isEqualTo("storage");
      assertThat(store.unavailable()).hasValueSatisfying(reason -> assertThat(reason).contains("storage lost"));
      assertThatThrownBy(() -> store.putBasin(new BasinMeta("my-basin-1", BasinConfig.DEFAULTS, Instant.EPOCH, null, null)))
          .isInstanceOf(S2Error.class);
    } finally {
      store.halt();
    }
    server.clearFaults();
    try (S3Store restarted = S3Store.open(settings)) {
      assertThat(bodies(restarted.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("acked");
      append(restarted, "s", 1, "after").join();
    }
  }

  private static Throwable catchCause(CompletableFuture<?> f) {
    try {
      f.join();
      throw new AssertionError("expected a failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void aCrashInTheMiddleOfACheckpointLosesNothingAndItsLeftoversAreSwept() {
    String path = TestStores.uniquePath();
    S3Settings settings = TestStores.on(server, path).retryTimeout(Duration.ofSeconds(1)).build();
    S3Store store = S3Store.open(settings);
    List<String> expected = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        append(store, "s", i, "r" + i).join();
        expected.add("r" + i);
      }
      // Segments get written, the manifest never: as if the process died in between.
      server.fail(r -> r.method().equals("PUT") && r.key().contains("/manifest/"), 500, Integer.MAX_VALUE);
      assertThatThrownBy(store::checkpoint).isInstanceOf(RuntimeException.class);
      assertThat(server.keys(TestStores.BUCKET)).anyMatch(k -> k.startsWith(path + "/segments/"));
    } finally {
      store.halt();
    }
    server.clearFaults();
    try (S3Store restarted = S3Store.open(settings)) {
      assertThat(bodies(restarted.readRecords(BASIN, "s", 0, ALL, 0))).containsExactlyElementsOf(expected);
      restarted.checkpoint();
      awaitOnlyReferencedSegments(restarted, path);
    }
  }

  private static void awaitOnlyReferencedSegments(S3Store store, String path) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> segments;
    do {
      segments = server.keys(TestStores.BUCKET).stream()
          .filter(k -> k.startsWith(path + "/segments/"))
          .map(k -> k.substring(path.length() + 1))
          .toList();
    } while (!store.segmentKeys().containsAll(segments) && System.nanoTime() < deadline && pause());
    assertThat(store.segmentKeys()).containsAll(segments);
  }

  private static boolean pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  @Test
  void aLogObjectAfterAMissingOneWasNeverAcknowledgedAndIsNotReplayed() {
    String path = TestStores.uniquePath();
    S3Settings settings = TestStores.on(server, path).build();
    S3Store store = S3Store.open(settings);
    append(store, "s", 0, "acked").join();
    long epoch = store.epoch();
    store.halt();
    long last = server.keys(TestStores.BUCKET).stream().filter(k -> k.startsWith(path + "/wal/"))
        .mapToLong(k -> WalObject.numberOf(k.substring(path.length() + 1))).max().orElseThrow();
    // As if the writer had two objects in flight when it died and only the second one landed.
    WalEntry.Append unacked = new WalEntry.Append(BASIN, "s", List.of(record(1, "never acked")),
        new RecordsState(2, 1, "", 0));
    server.overwrite(TestStores.BUCKET, path + "/" + WalObject.key(last + 2),
        new WalObject(epoch, last + 2, List.of(unacked)).encode());

    try (S3Store restarted = S3Store.open(settings)) {
      assertThat(bodies(restarted.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("acked");
      append(restarted, "s", 1, "next").join();
      assertThat(bodies(restarted.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("acked", "next");
    }
    try (S3Store again = S3Store.open(settings)) {
      assertThat(bodies(again.readRecords(BASIN, "s", 0, ALL, 0))).containsExactly("acked", "next");
    }
  }

  @Test
  void aCorruptLogObjectStopsTheOpenWithAClearMessage() {
    String path = TestStores.uniquePath();
    S3Settings settings = TestStores.on(server, path).build();
    S3Store store = S3Store.open(settings);
    append(store, "s", 0, "r0").join();
    store.halt();
    String logObject = server.keys(TestStores.BUCKET).stream()
        .filter(k -> k.startsWith(path + "/wal/")).findFirst().orElseThrow();
    byte[] bytes = server.object(TestStores.BUCKET, logObject);
    bytes[bytes.length / 2] ^= 1;
    server.overwrite(TestStores.BUCKET, logObject, bytes);

    assertThatThrownBy(() -> S3Store.open(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot open the store at s3://" + TestStores.BUCKET + "/" + path + "/")
        .hasMessageContaining(logObject)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void aMissingBucketIsReportedByName() {
    S3Settings settings = S3Settings.builder("no-such-bucket").aws(server.aws()).build();
    assertThatThrownBy(() -> S3Store.open(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bucket no-such-bucket does not exist");
  }

  @Test
  void anUnreachableEndpointIsReported() {
    AwsSettings nowhere = new AwsSettings(URI.create("http://127.0.0.1:1"), "us-east-1",
        new AwsSettings.StaticCredentials("k", "s", null), false);
    S3Settings settings = S3Settings.builder("some-bucket").aws(nowhere).build();
    assertThatThrownBy(() -> S3Store.open(settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot open the store at s3://some-bucket/")
        .hasMessageContaining("127.0.0.1:1");
  }
}
