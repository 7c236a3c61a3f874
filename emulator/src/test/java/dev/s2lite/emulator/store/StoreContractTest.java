package dev.s2lite.emulator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.Timestamping;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do with metadata: keep what it is given, and list it in the
 * order of the names' UTF-8 bytes, filtered by prefix and start-after, at most limit items.
 * Each store implementation has a test class extending this one.
 */
public abstract class StoreContractTest {

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final StreamConfig RESOLVED = StreamConfig.UNSET.resolve(null);

  /** A new, empty store; closed after each test. */
  protected abstract Store newStore();

  protected Store store;

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // --- basins ---

  @Test
  void anUnknownBasinIsAbsent() {
    assertThat(store.basin("my-basin-1")).isEmpty();
    assertThat(store.basins("", "", 10)).isEmpty();
  }

  @Test
  void aPutBasinIsReturnedAsGiven() {
    BasinMeta basin = new BasinMeta("my-basin-1",
        new BasinConfig(new StreamConfig(StorageClass.STANDARD, null, new Timestamping(TimestampingMode.ARRIVAL, null), 0L),
            StreamCipher.AEGIS_256, true, false),
        CREATED, null, new IdempotencyKey<>("token-1", BasinConfig.DEFAULTS));

    store.putBasin(basin);

    assertThat(store.basin("my-basin-1")).contains(basin);
    assertThat(store.basins("", "", 10)).containsExactly(basin);
  }

  @Test
  void putBasinReplacesTheStoredBasin() {
    store.putBasin(basin("my-basin-1"));
    BasinMeta deleting = basin("my-basin-1").deletedAt(CREATED.plusSeconds(5));

    store.putBasin(deleting);

    assertThat(store.basin("my-basin-1")).contains(deleting);
    assertThat(store.basins("", "", 10)).containsExactly(deleting);
  }

  @Test
  void basinsAreListedInNameOrder() {
    putBasins("my-basin-2", "1-basin-1", "my-basin-10", "my-basin", "my-basin-1", "aa-basin");

    assertThat(basinNames("", "", 100))
        .containsExactly("1-basin-1", "aa-basin", "my-basin", "my-basin-1", "my-basin-10", "my-basin-2");
  }

  @Test
  void basinPrefixStartAfterAndLimitCombine() {
    putBasins("aaaa-basin", "prod-basin-1", "prod-basin-2", "prod-basin-3", "prodx-basin", "zzzz-basin");

    assertThat(basinNames("prod-", "", 100)).containsExactly("prod-basin-1", "prod-basin-2", "prod-basin-3");
    assertThat(basinNames("prod-", "", 2)).containsExactly("prod-basin-1", "prod-basin-2");
    assertThat(basinNames("prod-", "prod-basin-1", 100)).containsExactly("prod-basin-2", "prod-basin-3");
    assertThat(basinNames("prod-", "aaaa-basin", 100)).containsExactly("prod-basin-1", "prod-basin-2", "prod-basin-3");
    assertThat(basinNames("prod-", "prod-", 100)).containsExactly("prod-basin-1", "prod-basin-2", "prod-basin-3");
    assertThat(basinNames("prod-", "prod-basin-3", 100)).isEmpty();
    assertThat(basinNames("prod-", "q", 100)).isEmpty();
    assertThat(basinNames("", "prod-basin-3", 100)).containsExactly("prodx-basin", "zzzz-basin");
    assertThat(basinNames("", "prod-basin-25", 1)).containsExactly("prod-basin-3");
    assertThat(basinNames("prod-basin-2", "", 100)).containsExactly("prod-basin-2");
    assertThat(basinNames("nope", "", 100)).isEmpty();
  }

  @Test
  void aRemovedBasinIsGoneAndRemovingAnUnknownOneIsHarmless() {
    putBasins("my-basin-1", "my-basin-2");

    store.removeBasin("my-basin-1");
    store.removeBasin("no-such-basin");

    assertThat(store.basin("my-basin-1")).isEmpty();
    assertThat(basinNames("", "", 100)).containsExactly("my-basin-2");
  }

  // --- streams ---

  @Test
  void aPutStreamIsReturnedAsGiven() {
    StreamMeta stream = new StreamMeta("my-basin-1", "events",
        new StreamConfig(StorageClass.STANDARD, new RetentionPolicy.Infinite(),
            new Timestamping(TimestampingMode.CLIENT_REQUIRE, true), 300L),
        StreamCipher.AES_256_GCM, CREATED, CREATED.plusSeconds(1),
        new IdempotencyKey<>("token-1", new StreamConfig(null, new RetentionPolicy.Age(60), null, null)));

    store.putStream(stream);

    assertThat(store.stream("my-basin-1", "events")).contains(stream);
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(stream);
  }

  @Test
  void putStreamReplacesTheStoredStream() {
    store.putStream(stream("my-basin-1", "events"));
    StreamMeta updated = stream("my-basin-1", "events").withConfig(StreamConfig.SYSTEM_DEFAULTS);

    store.putStream(updated);

    assertThat(store.stream("my-basin-1", "events")).contains(updated);
    assertThat(store.streams("my-basin-1", "", "", 10)).containsExactly(updated);
  }

  @Test
  void streamsBelongToOneBasinOnly() {
    store.putStream(stream("my-basin-1", "events"));
    store.putStream(stream("my-basin-10", "logs"));
    store.putStream(stream("my-basin", "x"));

    assertThat(streamNames("my-basin-1", "", "", 100)).containsExactly("events");
    assertThat(streamNames("my-basin-10", "", "", 100)).containsExactly("logs");
    assertThat(streamNames("my-basin", "", "", 100)).containsExactly("x");
    assertThat(store.stream("my-basin-1", "logs")).isEmpty();
    assertThat(store.streams("no-such-basin", "", "", 100)).isEmpty();
  }

  @Test
  void streamsAreListedInUtf8ByteOrderNotUtf16Order() {
    // UTF-16 puts the emoji (surrogates 0xD83D...) before U+FB00; UTF-8 (F0 9F... > EF AC 80) puts it last.
    putStreams("my-basin-1", "\ud83d\ude00", "\ufb00", "z", "\u00e9", "a/b", "a", "\u20ac", "Z", "A", "a b", "ab");

    assertThat(streamNames("my-basin-1", "", "", 100))
        .containsExactly("A", "Z", "a", "a b", "a/b", "ab", "z", "\u00e9", "\u20ac", "\ufb00", "\ud83d\ude00");
  }

  @Test
  void streamPrefixStartAfterAndLimitCombineOnNonAsciiNames() {
    putStreams("my-basin-1", "caf\u00e9", "caf\u00e9/1", "caf\u00e9/2", "cafe", "caff", "\u20ac/1", "\u20ac/2");

    assertThat(streamNames("my-basin-1", "caf\u00e9", "", 100)).containsExactly("caf\u00e9", "caf\u00e9/1", "caf\u00e9/2");
    assertThat(streamNames("my-basin-1", "caf\u00e9", "caf\u00e9", 100)).containsExactly("caf\u00e9/1", "caf\u00e9/2");
    assertThat(streamNames("my-basin-1", "caf\u00e9/", "caf\u00e9/1", 1)).containsExactly("caf\u00e9/2");
    assertThat(streamNames("my-basin-1", "caf", "cafe", 100)).containsExactly("caff", "caf\u00e9", "caf\u00e9/1", "caf\u00e9/2");
    assertThat(streamNames("my-basin-1", "\u20ac", "", 1)).containsExactly("\u20ac/1");
    assertThat(streamNames("my-basin-1", "", "caf\u00e9/2", 100)).containsExactly("\u20ac/1", "\u20ac/2");
    assertThat(streamNames("my-basin-1", "caf\u00e9/", "\u20ac", 100)).isEmpty();
  }

  @Test
  void theLimitCapsAListingExactly() {
    putStreams("my-basin-1", "s1", "s2", "s3");

    assertThat(streamNames("my-basin-1", "", "", 2)).containsExactly("s1", "s2");
    assertThat(streamNames("my-basin-1", "", "", 3)).containsExactly("s1", "s2", "s3");
    assertThat(streamNames("my-basin-1", "", "", 4)).containsExactly("s1", "s2", "s3");
    assertThat(streamNames("my-basin-1", "", "s1", 1)).containsExactly("s2");
  }

  @Test
  void aRemovedStreamIsGoneAndOthersStay() {
    putStreams("my-basin-1", "events", "logs");

    store.removeStream("my-basin-1", "events");
    store.removeStream("my-basin-1", "no-such-stream");
    store.removeStream("no-such-basin", "events");

    assertThat(store.stream("my-basin-1", "events")).isEmpty();
    assertThat(streamNames("my-basin-1", "", "", 100)).containsExactly("logs");
    store.removeStream("my-basin-1", "logs");
    assertThat(store.streams("my-basin-1", "", "", 100)).isEmpty();
    store.putStream(stream("my-basin-1", "events"));
    assertThat(streamNames("my-basin-1", "", "", 100)).containsExactly("events");
  }

  @Test
  void clearForgetsEverything() {
    putBasins("my-basin-1", "my-basin-2");
    putStreams("my-basin-1", "events", "logs");

    store.clear();

    assertThat(store.basins("", "", 100)).isEmpty();
    assertThat(store.basin("my-basin-1")).isEmpty();
    assertThat(store.streams("my-basin-1", "", "", 100)).isEmpty();
    assertThat(store.stream("my-basin-1", "events")).isEmpty();
    putBasins("my-basin-1");
    assertThat(basinNames("", "", 100)).containsExactly("my-basin-1");
  }

  // --- helpers ---

  private static BasinMeta basin(String name) {
    return new BasinMeta(name, BasinConfig.DEFAULTS, CREATED, null, null);
  }

  private static StreamMeta stream(String basin, String name) {
    return new StreamMeta(basin, name, RESOLVED, null, CREATED, null, null);
  }

  private void putBasins(String... names) {
    for (String name : names) {
      store.putBasin(basin(name));
    }
  }

  private void putStreams(String basin, String... names) {
    for (String name : names) {
      store.putStream(stream(basin, name));
    }
  }

  private List<String> basinNames(String prefix, String startAfter, int limit) {
    return store.basins(prefix, startAfter, limit).stream().map(BasinMeta::name).toList();
  }

  private List<String> streamNames(String basin, String prefix, String startAfter, int limit) {
    return store.streams(basin, prefix, startAfter, limit).stream().map(StreamMeta::name).toList();
  }
}
