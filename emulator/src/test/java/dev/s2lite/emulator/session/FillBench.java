package dev.s2lite.emulator.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Fills a stream with {@code MiB} of 1 KiB records while a live follower reads along, then reads
 * it all back from the start; every byte is checked. {@code bench/local_root.sh} runs it against a
 * small-heap server to show that the heap holds a cache, not the data. By hand:
 * <pre>
 * java -cp emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt) \
 *   dev.s2lite.emulator.session.FillBench http://127.0.0.1:8080 MIB [BASIN]
 * </pre>
 * Bounded: the appends stop after 30 minutes.
 */
public final class FillBench {

  private FillBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    URI endpoint = URI.create(args[0]);
    long records = Long.parseLong(args[1]) * 1024;
    String basin = args.length > 2 ? args[2] : "fill-" + System.currentTimeMillis();
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/v1/basins"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"basin\": \"" + basin + "\", \"config\": {\"create_stream_on_append\": true}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creating the basin answered " + created.statusCode() + ": " + created.body());
    }
    AppendLoad.run(endpoint, basin, "s", 1024, 100, 10, 0, 100, Duration.ofMinutes(1));
    long started = System.nanoTime();
    CompletableFuture<Long> follower = CompletableFuture.supplyAsync(
        () -> AppendLoad.readAndCheck(endpoint, basin, "s", 1024, "seq_num=100", 100, records));
    AppendLoad.Result appended = AppendLoad.run(endpoint, basin, "s", 1024, 100, 10, 100, records - 100,
        Duration.ofMinutes(30));
    System.out.println("appended: " + appended);
    System.out.printf("live follower: %d records, checked, done %.1f s after the appends started%n",
        follower.join(), (System.nanoTime() - started) / 1e9);
    long readStarted = System.nanoTime();
    long read = AppendLoad.readAndCheck(endpoint, basin, "s", 1024, "seq_num=0&count=" + records, 0, records);
    double seconds = (System.nanoTime() - readStarted) / 1e9;
    System.out.printf("catch-up read from 0: %d records, checked, in %.1f s (%.1f MiB/s)%n",
        read, seconds, read / 1024.0 / seconds);
  }
}
