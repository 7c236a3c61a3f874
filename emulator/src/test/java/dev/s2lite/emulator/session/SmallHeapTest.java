package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.testing.ServerProcess;
import dev.s2lite.emulator.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A durable store keeps the data on disk and only a cache on the heap: a server with a 96 MiB
 * heap takes four times that in appends and serves all of it back, to a live follower and to a
 * catch-up read from the start, every byte checked. (The memory store runs out of heap here.)
 * The 4 GiB under {@code -Xmx512m} claim is the same check at scale: see the README.
 */
class SmallHeapTest {

  static final int HEAP_MIB = 96;
  static final long RECORDS = 4L * HEAP_MIB * 1024;
  static final int RECORD_BYTES = 1024;

  @TempDir
  Path logs;

  /** H2; the S3 store's bounded memory is checked at the store level ({@code S3StoreBoundedMemoryTest}). */
  static Stream<StoreKind> durableKinds() {
    return StoreKind.durableKinds().filter(kind -> kind != StoreKind.S3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durableKinds")
  void aSmallHeapTakesFourTimesItsSizeAndServesItAllBack(StoreKind kind) throws Exception {
    List<String> flags = new ArrayList<>(kind.newLocation().flags());
    flags.addAll(List.of("--cache-size", "8MiB"));
    try (ServerProcess server = ServerProcess.start(logs, List.of("-Xmx" + HEAP_MIB + "m"), flags)) {
      URI endpoint = server.endpoint();
      HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/v1/basins"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"basin\": \"small-heap\", \"config\": {\"create_stream_on_append\": true}}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      AppendLoad.run(endpoint, "small-heap", "s", RECORD_BYTES, 100, 10, 0, 100, Duration.ofMinutes(1));

      CompletableFuture<Long> follower = CompletableFuture.supplyAsync(
          () -> AppendLoad.readAndCheck(endpoint, "small-heap", "s", RECORD_BYTES, "seq_num=100", 100, RECORDS));
      AppendLoad.Result appended = AppendLoad.run(endpoint, "small-heap", "s", RECORD_BYTES, 100, 10,
          100, RECORDS - 100, Duration.ofMinutes(3));
      System.out.println("small heap (" + HEAP_MIB + " MiB) on " + kind + ": appended " + appended);

      assertThat(appended.records()).as("records appended within the time bound").isEqualTo(RECORDS - 100);
      assertThat(follower.get()).as("records the live follower got, in order, byte for byte").isEqualTo(RECORDS);
      assertThat(AppendLoad.readAndCheck(endpoint, "small-heap", "s", RECORD_BYTES, "seq_num=0&count=" + RECORDS, 0, RECORDS))
          .as("records a catch-up read from the start got").isEqualTo(RECORDS);
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
  }
}
