package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log elsewhere than the main bucket (s2-lite 0.43's {@code --wal-local-root}
 * and {@code --wal-bucket}): acks wait for the log there, the data reaches the main bucket at
 * checkpoints, and a restart with the same pair of locations recovers everything.
 */
class S3StoreWalLocationTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();
  private static final String BASIN = "wal-basin";
  private static final ReadBounds ALL = new ReadBounds(Integer.MAX_VALUE, Long.MAX_VALUE, -1L);

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static void append(S3Store store, long seq, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    store.appendRecords(BASIN, "s", List.of(new StoredRecord(seq, seq, Long.MAX_VALUE, 8 + bytes.length, bytes)),
        new RecordsState(seq + 1, seq, "", 0)).join();
  }

  private static List<String> bodies(S3Store store) {
    return store.readRecords(BASIN, "s", 0, ALL, 0).stream()
        .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
  }

  private static List<String> keys(String bucket, String prefix) {
    return server.keys(bucket).stream().filter(k -> k.startsWith(prefix)).toList();
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aLocalLogTakesTheAcksAndTheBucketGetsTheDataAtCheckpoints(@TempDir Path walRoot) throws IOException {
    String path = TestStores.uniquePath();
    S3Settings settings = TestStores.on(server, path).wal(new WalLocation.LocalDirectory(walRoot)).build();
    assertThat(S3Settings.builder("b-1").wal(new WalLocation.LocalDirectory(walRoot)).build().flushInterval())
        .hasMillis(5);
    S3Store store = S3Store.open(settings);
    append(store, 0, "r0");
    append(store, 1, "r1");

    assertThat(keys(TestStores.BUCKET, path + "/wal/")).isEmpty();
    assertThat(files(walRoot.resolve(path).resolve("wal"))).isNotEmpty();
    assertThat(keys(TestStores.BUCKET, path + "/segments/")).isEmpty();

    store.checkpoint();
    assertThat(keys(TestStores.BUCKET, path + "/segments/")).hasSize(1);
    append(store, 2, "r2");
    store.halt();

    try (S3Store restarted = S3Store.open(settings)) {
      assertThat(bodies(restarted)).containsExactly("r0", "r1", "r2");
    }
  }

  @Test
  void aLogBucketOfItsOwnHoldsOnlyTheLog() {
    String path = TestStores.uniquePath();
    server.createBucket("s2lite-test-wal");
    S3Settings settings = TestStores.on(server, path)
        .wal(new WalLocation.Bucket("s2lite-test-wal", server.aws())).build();
    S3Store store = S3Store.open(settings);
    append(store, 0, "r0");

    assertThat(keys("s2lite-test-wal", path + "/wal/")).isNotEmpty();
    assertThat(keys("s2lite-test-wal", path + "/")).allMatch(k -> k.startsWith(path + "/wal/"));
    assertThat(keys(TestStores.BUCKET, path + "/wal/")).isEmpty();
    assertThat(keys(TestStores.BUCKET, path + "/manifest/")).isNotEmpty();
    store.halt();

    try (S3Store restarted = S3Store.open(settings)) {
      assertThat(bodies(restarted)).containsExactly("r0");
    }
  }
}
