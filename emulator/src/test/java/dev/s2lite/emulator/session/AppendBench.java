package dev.s2lite.emulator.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Append throughput and ack latency against any S2 endpoint (this emulator in any mode, or
 * {@code s2 lite}): 1 KiB records in batches of 100 over one pipelined S2S append session, with
 * up to 10 batches (1 MiB) unacknowledged, after a warm-up. {@code bench/append.sh} runs it
 * against each mode; by hand:
 * <pre>
 * mvn -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt) \
 *   dev.s2lite.emulator.session.AppendBench http://127.0.0.1:8080 [SECONDS, default 30] [WARM-UP SECONDS, default 5]
 * </pre>
 * Bounded by the given durations.
 */
public final class AppendBench {

  static final int RECORD_BYTES = 1024;
  static final int BATCH_RECORDS = 100;
  static final int WINDOW_BATCHES = 10;

  private AppendBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    URI endpoint = URI.create(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String basin = "bench-" + System.currentTimeMillis();
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/v1/basins"))
        .header("content-type", "application/json").header("authorization", "Bearer ignored")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"basin\": \"" + basin + "\", \"config\": {\"create_stream_on_append\": true}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creating the basin answered " + created.statusCode() + ": " + created.body());
    }
    if (warmUp > 0) {
      AppendLoad.run(endpoint, basin, "warm-up", RECORD_BYTES, BATCH_RECORDS, WINDOW_BATCHES, 0, Long.MAX_VALUE,
          Duration.ofSeconds(warmUp));
    }
    AppendLoad.Result result = AppendLoad.run(endpoint, basin, "bench", RECORD_BYTES, BATCH_RECORDS,
        WINDOW_BATCHES, 0, Long.MAX_VALUE, Duration.ofSeconds(seconds));
    System.out.println(result);
  }
}
