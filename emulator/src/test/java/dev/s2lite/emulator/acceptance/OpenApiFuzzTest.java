package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2lite.emulator.S2LiteServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every S2 route with schemathesis, from an OpenAPI description, within a bounded budget:
 * no request may get a server error (5xx) or hang, and afterwards the server answers and every
 * stream left reads back consistently. The spec path and the schemathesis executable are the system
 * properties {@code s2lite.openapi.spec} and {@code s2lite.schemathesis} (see the emulator's pom;
 * {@code .ci/run} installs schemathesis).
 *
 * <p>The description is the project's own ({@code openapi/src/main/spec/s2-v1.yaml}), so access
 * tokens and metrics are fuzzed too. Left out: the admin prefix (it resets state by design) and
 * locations (lite's {@code 501 not_implemented}, which the check would count as a server error). Long polls are cut to a second
 * ({@code src/test/schemathesis/s2lite_hooks.py}) to fit the budget.
 */
class OpenApiFuzzTest {

  private static final long SEED = Long.getLong("s2lite.fuzz.seed", 20261129L);
  private static final int EXAMPLES = Integer.getInteger("s2lite.fuzz.examples", 8);
  private static final Duration BUDGET = Duration.ofMinutes(8);
  private static final String BASIN = "fuzz-basin-1";
  private static final String SENTINEL = "sentinel-basin-1";

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private S2LiteServer server;

  @BeforeEach
  void start() throws Exception {
    server = S2LiteServer.builder().build().start();
    assertThat(send("POST", "/v1/basins", null, "{\"basin\":\"" + BASIN + "\","
        + "\"config\":{\"create_stream_on_append\":true,\"create_stream_on_read\":true}}").statusCode()).isEqualTo(201);
    assertThat(send("POST", "/v1/streams/fuzzed/records", BASIN, "{\"records\":[{\"body\":\"r0\"}]}").statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/v1/basins", null, "{\"basin\":\"" + SENTINEL + "\"}").statusCode()).isEqualTo(201);
    assertThat(send("POST", "/v1/streams", SENTINEL, "{\"stream\":\"kept\"}").statusCode()).isEqualTo(201);
    assertThat(send("POST", "/v1/streams/kept/records", SENTINEL, "{\"records\":[{\"body\":\"k0\"},{\"body\":\"k1\"}]}")
        .statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void noGeneratedRequestGetsAServerErrorOrHangs() throws Exception {
    Path spec = Path.of(System.getProperty("s2lite.openapi.spec", "../openapi/src/main/spec/s2-v1.yaml"));
    Path schemathesis = Path.of(System.getProperty("s2lite.schemathesis", "schemathesis"));
    assumeTrue(Files.isRegularFile(spec), "no OpenAPI description at " + spec + " (system property s2lite.openapi.spec)");
    assumeTrue(Files.isExecutable(schemathesis), "schemathesis is not installed at " + schemathesis
        + " (.ci/run installs it; or set the system property s2lite.schemathesis)");
    Path output = Files.createTempFile("schemathesis", ".log");

    ProcessBuilder builder = new ProcessBuilder(List.of(schemathesis.toString(), "run", spec.toAbsolutePath().toString(),
        "--url", server.endpoint().toString(),
        "--checks", "not_a_server_error",
        "--max-examples", String.valueOf(EXAMPLES),
        "--seed", String.valueOf(SEED),
        "--header", "s2-basin: " + BASIN,
        "--request-timeout", "30",
        // One at a time: a stream deleted under a waiting read is lite's 503, which is no fault.
        "--workers", "1",
        "--no-shrink",
        // The admin prefix resets and rewinds by design; locations are lite's 501 by design.
        "--exclude-path-regex", "^/(_emulator|v1/locations)"))
        .redirectErrorStream(true).redirectOutput(output.toFile())
        // schemathesis keeps a cache in its working directory: the build's, not the sources.
        .directory(Files.createDirectories(Path.of("target", "schemathesis")).toFile());
    builder.environment().put("SCHEMATHESIS_HOOKS", "s2lite_hooks");
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONPATH", Path.of("src/test/schemathesis").toAbsolutePath().toString());
    Process run = builder.start();
    boolean finished = run.waitFor(BUDGET.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      run.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(log.lines().filter(l -> l.contains("generated") || l.contains("passed") || l.contains("failures"))
        .reduce("schemathesis:", (a, b) -> a + "\n  " + b));

    assertThat(finished).as("schemathesis finished within " + BUDGET + "\n" + tail(log)).isTrue();
    assertThat(run.exitValue()).as("schemathesis found failures:\n" + tail(log)).isZero();
    assertThat(send("GET", "/health", null, null).body()).isEqualTo("OK");
    assertEveryStreamConsistent();
    assertThat(send("POST", "/v1/streams/after-fuzzing/records", BASIN, "{\"records\":[{\"body\":\"a0\"}]}")
        .statusCode()).isIn(200, 404, 409);
  }

  /**
   * The fuzzer may have created, reconfigured and deleted anything it found (the sentinel too), so
   * what is left is checked for consistency: every stream's records read back densely numbered up
   * to its tail, without a server error.
   */
  private void assertEveryStreamConsistent() throws Exception {
    for (JsonNode basin : JSON.readTree(send("GET", "/v1/basins", null, null).body()).get("basins")) {
      String name = basin.get("name").asText();
      HttpResponse<String> streams = send("GET", "/v1/streams", name, null);
      assertThat(streams.statusCode()).as(streams.body()).isLessThan(500);
      if (streams.statusCode() != 200) {
        continue;
      }
      for (JsonNode stream : JSON.readTree(streams.body()).get("streams")) {
        String path = "/v1/streams/" + java.net.URLEncoder.encode(stream.get("name").asText(), StandardCharsets.UTF_8)
            .replace("+", "%20") + "/records";
        HttpResponse<String> tail = send("GET", path + "/tail", name, null);
        assertThat(tail.statusCode()).as(path + " " + tail.body()).isLessThan(500);
        if (tail.statusCode() != 200) {
          continue;
        }
        long tailSeqNum = JSON.readTree(tail.body()).get("tail").get("seq_num").asLong();
        HttpResponse<String> read = send("GET", path + "?seq_num=0&clamp=true", name, null);
        assertThat(read.statusCode()).as(path + " " + read.body()).isLessThan(500);
        if (read.statusCode() == 200) {
          long expected = -1;
          for (JsonNode r : JSON.readTree(read.body()).get("records")) {
            long seq = r.get("seq_num").asLong();
            assertThat(seq).as(path + ": dense seq_nums").isEqualTo(expected < 0 ? seq : expected);
            expected = seq + 1;
          }
          assertThat(expected).as(path + ": no record beyond the tail").isLessThanOrEqualTo(tailSeqNum);
        }
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private HttpResponse<String> send(String method, String path, String basin, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path)).timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("content-type", "application/json");
    }
    if (basin != null) {
      b.header("s2-basin", basin);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
