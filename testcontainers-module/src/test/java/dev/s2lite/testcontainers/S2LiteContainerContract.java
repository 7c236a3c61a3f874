package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What a user does with an {@link S2LiteContainer}, through real clients (the JDK HttpClient and
 * the official TypeScript SDK). Each subclass supplies the container its own way, so the same
 * tests cover each lifecycle.
 */
abstract class S2LiteContainerContract {

  /** The container under test, started. */
  abstract S2LiteContainer s2();

  private S2Http http() {
    return new S2Http(s2().getEndpoint());
  }

  /** A basin name no other test of the run uses (containers may be shared by parallel classes). */
  static String uniqueBasin(String label) {
    return "tc-" + label + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  @Test
  void createsABasinAndAStreamThenAppendsAndReadsTheRecordsBack() {
    S2Http http = http();
    String basin = uniqueBasin("crud");
    http.createBasin(basin);
    http.createStream(basin, "orders/eu");

    JsonNode ack = http.append(basin, "orders/eu", "first", "second");
    S2Http.Response read = http.get(S2Http.records("orders/eu") + "?seq_num=0", Map.of("s2-basin", basin));

    assertThat(ack.at("/start/seq_num").asLong()).isZero();
    assertThat(ack.at("/end/seq_num").asLong()).isEqualTo(2);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().get("records")).extracting(r -> r.get("seq_num").asLong() + ":" + r.get("body").asText())
        .containsExactly("0:first", "1:second");
  }

  @Test
  void aReadSessionFollowsRecordsAppendedAfterItStarted() throws Exception {
    S2Http http = http();
    String basin = uniqueBasin("follow");
    http.createBasin(basin);
    http.createStream(basin, "events");
    http.append(basin, "events", "before");

    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    CompletableFuture<HttpResponse<Stream<String>>> session = S2Http.client().sendAsync(
        http.request(S2Http.records("events") + "?seq_num=0", Map.of("s2-basin", basin, "accept", "text/event-stream"))
            .timeout(Duration.ofMinutes(1)).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = session.get(30, TimeUnit.SECONDS);
    Thread reader = new Thread(() -> {
      try {
        response.body().filter(line -> line.startsWith("data: {"))
            .flatMap(line -> bodiesOf(line.substring("data: ".length())))
            .forEach(bodies::add);
      } catch (UncheckedIOException e) {
        // The test closed the session.
      }
    }, "sse reader");
    reader.setDaemon(true);
    reader.start();
    try {
      String caughtUp = bodies.poll(30, TimeUnit.SECONDS);
      http.append(basin, "events", "live-1");
      http.append(basin, "events", "live-2");
      String live1 = bodies.poll(30, TimeUnit.SECONDS);
      String live2 = bodies.poll(30, TimeUnit.SECONDS);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(List.of(String.valueOf(caughtUp), String.valueOf(live1), String.valueOf(live2)))
          .containsExactly("before", "live-1", "live-2");
    } finally {
      response.body().close();
    }
  }

  @Test
  @ResourceLock(SharedS2Lite.RESOURCE)
  void resetForgetsEveryBasinSoItsStreamsAnswer404() {
    S2Http http = http();
    String basin = uniqueBasin("reset");
    http.createBasin(basin);
    http.createStream(basin, "doomed");
    http.append(basin, "doomed", "gone soon");

    s2().reset();

    S2Http.Response getBasin = http.get("/v1/basins/" + basin, Map.of());
    S2Http.Response read = http.get(S2Http.records("doomed") + "?seq_num=0", Map.of("s2-basin", basin));
    S2Http.Response list = http.get("/v1/basins", Map.of());
    assertThat(getBasin.status()).isEqualTo(404);
    assertThat(getBasin.json().get("code").asText()).isEqualTo("basin_not_found");
    assertThat(read.status()).isEqualTo(404);
    assertThat(list.json().get("basins")).isEmpty();
    // The container serves on after a reset.
    http.createBasin(basin);
  }

  @Test
  void theOfficialTypeScriptSdkWorksWithTheSdkEnvironment() {
    TypeScriptSdk.Run tour = TypeScriptSdk.nodeTest("smoke/tour.test.mjs", s2().sdkEnvironment());

    assertThat(tour.exitCode()).as("node --test smoke/tour.test.mjs against %s:%n%s", s2().getEndpoint(), tour.output())
        .isZero();
    assertThat(tour.output()).contains("pass 1", "fail 0");
  }

  private static Stream<String> bodiesOf(String batchJson) {
    List<String> bodies = new ArrayList<>();
    try {
      S2Http.JSON.readTree(batchJson).path("records").forEach(record -> bodies.add(record.get("body").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bodies.stream();
  }
}
