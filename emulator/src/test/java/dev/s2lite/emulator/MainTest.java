package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar s2lite.jar}: the CLI, run as a real process (REFERENCE §19). */
class MainTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path dir;

  @Test
  void helpPrintsUsageAndExitsZero() {
    Finished run = run(List.of("--help"), Map.of());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Usage:", "--port", "--init-file", "--no-cors", "--version");
  }

  @Test
  void versionPrintsTheBuiltVersionAndExitsZero() {
    Finished run = run(List.of("--version"), Map.of());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().strip()).matches("s2lite \\d+\\.\\d+\\.\\d+\\S*");
  }

  @Test
  void anUnknownOptionIsOneLineOnStderrAndANonZeroExit() {
    Finished run = run(List.of("--colour", "blue"), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertOneLineReason(run, "--colour");
  }

  @Test
  void aBadPortIsOneLineOnStderrAndANonZeroExit() {
    Finished notANumber = run(List.of("--port", "eighty"), Map.of());
    Finished outOfRange = run(List.of("--port", "70000"), Map.of());

    assertThat(notANumber.exitCode()).isNotZero();
    assertOneLineReason(notANumber, "eighty");
    assertThat(outOfRange.exitCode()).isNotZero();
    assertOneLineReason(outOfRange, "70000");
  }

  @Test
  void aHousekeepingPeriodBelowOneSecondIsOneLineOnStderrAndANonZeroExit() {
    Finished run = run(List.of("--housekeeping-period", "0"), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertOneLineReason(run, "--housekeeping-period");
  }

  @Test
  void aPortInUseIsOneLineOnStderrAndANonZeroExit() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();

      Finished run = run(List.of("--host", "127.0.0.1", "--port", String.valueOf(port)), Map.of());

      assertThat(run.exitCode()).isNotZero();
      assertOneLineReason(run, String.valueOf(port));
    }
  }

  @Test
  void anInitFileWithAnUnknownFieldIsOneLineNamingTheFieldAndTheFile() throws IOException {
    Path init = write("bad-init.json", "{'basins': [{'name': 'my-basin-1', 'config': {'storage_class': 'standard'}}]}");

    Finished run = run(List.of("--port", "0", "--init-file", init.toString()), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertOneLineReason(run, init.toString());
    assertThat(run.stderr()).contains("storage_class");
  }

  @Test
  void aMissingInitFileIsNamed() {
    Path missing = dir.resolve("no-such-init.json");

    Finished run = run(List.of("--port", "0", "--init-file", missing.toString()), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertOneLineReason(run, missing.toString());
  }

  @Test
  void portZeroPrintsTheRealPortAndTheThreeClientVariables() throws Exception {
    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0"), Map.of())) {
      String endpoint = server.endpoint();

      assertThat(endpoint).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
      assertThat(server.lines()).contains("export S2_BASIN_ENDPOINT=" + endpoint, "export S2_ACCESS_TOKEN=ignored");
      assertThat(get(endpoint + "/health").body()).isEqualTo("OK");
    }
  }

  @Test
  void tlsSelfServesHttpsWithTheCertificateWhosePemAndFingerprintItPrints() throws Exception {
    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0", "--tls-self"), Map.of())) {
      String endpoint = server.endpoint();
      String tls = server.lines().stream().filter(l -> l.startsWith("TLS: ")).findFirst().orElseThrow();
      Matcher m = Pattern.compile("TLS: self-signed certificate for localhost, 127\\.0\\.0\\.1, ::1;"
          + " SHA-256 fingerprint ([0-9A-F:]{95}); PEM in (\\S+)").matcher(tls);
      assertThat(m.matches()).as(tls).isTrue();
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(Files.newInputStream(Path.of(m.group(2))));
      assertThat(HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()))).isEqualTo(m.group(1));

      assertThat(endpoint).matches("https://127\\.0\\.0\\.1:\\d+");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("s2lite", certificate);
      TrustManagerFactory trusting = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusting.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trusting.getTrustManagers(), null);
      HttpResponse<String> health = HttpClient.newBuilder().sslContext(context).build()
          .send(HttpRequest.newBuilder(URI.create(endpoint + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("OK");
      assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void authPrintsTheRootTokenItWasGivenAndRefusesRequestsWithoutIt() throws Exception {
    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0", "--auth"),
        Map.of("S2LITE_ROOT_TOKEN", "from-the-environment"))) {
      String endpoint = server.endpoint();
      assertThat(server.lines()).contains("export S2_ACCESS_TOKEN=from-the-environment");

      assertThat(get(endpoint + "/v1/basins").statusCode()).isEqualTo(401);
      HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/v1/basins"))
          .header("authorization", "Bearer from-the-environment").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void authWithoutARootTokenMakesOneAndPrintsIt() throws Exception {
    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0", "--auth"), Map.of())) {
      String token = server.lines().stream().filter(l -> l.startsWith("export S2_ACCESS_TOKEN="))
          .findFirst().orElseThrow().substring("export S2_ACCESS_TOKEN=".length());
      assertThat(token).hasSizeGreaterThan(20).isNotEqualTo("ignored");
      HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/v1/basins"))
          .header("authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void tlsAndAuthFlagsThatDoNotGoTogetherAreOneLineOnStderr() {
    assertOneLineReason(run(List.of("--tls-cert", "cert.pem"), Map.of()), "--tls-key");
    assertOneLineReason(run(List.of("--tls-self", "--tls-key", "key.pem"), Map.of()), "--tls-self");
    assertOneLineReason(run(List.of("--root-token", "x"), Map.of()), "--auth");
    Finished missing = run(List.of("--port", "0", "--tls-cert", "/no/cert.pem", "--tls-key", "/no/key.pem"), Map.of());
    assertThat(missing.exitCode()).isNotZero();
    assertOneLineReason(missing, "/no/cert.pem");
  }

  @Test
  void anInitFileCreatesItsBasinsAndStreams() throws Exception {
    Path init = write("init.json", "{'$schema': 'https://example.invalid/schema.json', 'basins': ["
        + "{'name': 'my-basin-1', 'config': {'create_stream_on_append': true, 'stream_cipher': 'aegis-256',"
        + "  'default_stream_config': {'storage_class': 'standard', 'retention_policy': '7days',"
        + "  'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age': '1day'}}},"
        + " 'streams': [{'name': 'events', 'config': {'retention_policy': 'infinite', 'storage_class': 'express'}},"
        + "  {'name': 'orders/eu', 'config': {'retention_policy': '2h 30m'}}, {'name': 'plain'}]},"
        + "{'name': 'my-basin-2'}]}");

    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0", "--init-file", init.toString()), Map.of())) {
      String endpoint = server.endpoint();

      assertThat(json(get(endpoint + "/v1/basins"), "/basins")).extracting(b -> b.get("name").asText())
          .containsExactly("my-basin-1", "my-basin-2");
      assertThat(json(get(endpoint + "/v1/basins/my-basin-1"), "")).isEqualTo(parse("{'default_stream_config':"
          + " {'storage_class': 'standard', 'retention_policy': {'age': 604800},"
          + " 'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 86400}},"
          + " 'stream_cipher': 'aegis-256', 'create_stream_on_append': true, 'create_stream_on_read': false}"));
      assertThat(json(get(endpoint + "/v1/streams/events", "my-basin-1"), "")).isEqualTo(parse("{'storage_class':"
          + " 'express', 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival', 'uncapped': true},"
          + " 'delete_on_empty': {'min_age_secs': 86400}}"));
      assertThat(json(get(endpoint + "/v1/streams/orders%2Feu", "my-basin-1"), "/retention_policy"))
          .isEqualTo(parse("{'age': 9000}"));
      assertThat(json(get(endpoint + "/v1/streams/plain", "my-basin-1"), "/storage_class").asText())
          .isEqualTo("standard");
      assertThat(json(get(endpoint + "/v1/streams", "my-basin-1"), "/streams"))
          .allSatisfy(s -> assertThat(s.get("cipher").asText()).isEqualTo("aegis-256"));
    }
  }

  @Test
  void theInitFileCanComeFromTheEnvironment() throws Exception {
    Path init = write("env-init.json", "{'basins': [{'name': 'env-basin-1'}]}");

    try (Running server = start(List.of("--host", "127.0.0.1", "--port", "0"), Map.of("S2LITE_INIT_FILE", init.toString()))) {
      assertThat(get(server.endpoint() + "/v1/basins/env-basin-1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theDashboardIsServedUnlessAFlagOrTheEnvironmentTurnsItOff() throws Exception {
    try (Running on = start(List.of("--host", "127.0.0.1", "--port", "0"), Map.of("S2LITE_NO_DASHBOARD", "false"))) {
      assertThat(get(on.endpoint() + "/dashboard").statusCode()).isEqualTo(200);
    }
    try (Running byEnv = start(List.of("--host", "127.0.0.1", "--port", "0"), Map.of("S2LITE_NO_DASHBOARD", "1"))) {
      assertThat(get(byEnv.endpoint() + "/dashboard").statusCode()).isEqualTo(404);
    }
    try (Running byFlag = start(List.of("--host", "127.0.0.1", "--port", "0", "--no-dashboard"), Map.of())) {
      assertThat(get(byFlag.endpoint() + "/dashboard").statusCode()).isEqualTo(404);
      assertThat(get(byFlag.endpoint() + "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void sigtermEndsAFollowerWithARetryable503ThenExitsZero() throws Exception {
    Path stderr = dir.resolve("sigterm-stderr.txt");
    Process process = command(List.of("--host", "127.0.0.1", "--port", "0", "--shutdown-timeout", "20"), Map.of())
        .redirectError(stderr.toFile()).start();
    try (Running server = new Running(process)) {
      String endpoint = server.endpoint();
      assertThat(post(endpoint + "/v1/basins", null, "{\"basin\": \"my-basin-1\"}").statusCode()).isEqualTo(201);
      assertThat(post(endpoint + "/v1/streams", "my-basin-1", "{\"stream\": \"events\"}").statusCode()).isEqualTo(201);
      BlockingQueue<String> sse = new LinkedBlockingQueue<>();
      HttpResponse<java.util.stream.Stream<String>> follower = HTTP.send(
          HttpRequest.newBuilder(URI.create(endpoint + "/v1/streams/events/records?seq_num=0"))
              .header("s2-basin", "my-basin-1").header("accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofLines());
      Thread reader = new Thread(() -> {
        try {
          follower.body().forEach(sse::add);
        } catch (UncheckedIOException e) {
          sse.add("<cut: " + e + ">");
        }
        sse.add("<end>");
      });
      reader.setDaemon(true);
      reader.start();
      assertThat(sse.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the follower's first line").isEqualTo("event: ping");

      process.destroy();

      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(process.exitValue()).isZero();
      List<String> lines = new ArrayList<>();
      for (String line = ""; !line.equals("<end>"); line = sse.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        assertThat(line).as("the follower's stream ended").isNotNull();
        lines.add(line);
      }
      assertThat(lines).contains("event: error")
          .contains("data: {\"code\":\"unavailable\",\"message\":\"the server is shutting down\"}")
          .doesNotContain("data: [DONE]")
          .noneMatch(l -> l.startsWith("<cut"));
      assertThat(Files.readString(stderr)).contains("received SIGTERM, shutting down gracefully", "stopped in");
    }
  }

  @Test
  void noDashboardInTheEnvironmentReadsFalseyValuesAsS2LiteDoes() {
    for (String off : List.of("", "0", "false", "No", "OFF", "n", "F")) {
      assertThat(Main.truthy(off)).as("\"%s\"", off).isFalse();
    }
    for (String on : List.of("1", "true", "yes", "anything")) {
      assertThat(Main.truthy(on)).as("\"%s\"", on).isTrue();
    }
    assertThat(Main.truthy(null)).isFalse();
  }

  @Test
  void aSnapshotFileOfOneRunIsWhereTheNextRunStarts() throws Exception {
    Path init = write("snap-init.json", "{'basins': [{'name': 'snap-basin-1', 'streams': [{'name': 'events'}]}]}");
    Path snapshot = dir.resolve("state.jsonl");
    try (Running first = start(List.of("--host", "127.0.0.1", "--port", "0", "--init-file", init.toString()), Map.of())) {
      HttpResponse<String> ack = HTTP.send(HttpRequest.newBuilder(URI.create(first.endpoint() + "/v1/streams/events/records"))
          .header("s2-basin", "snap-basin-1").header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"body\": \"from the first run\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      HTTP.send(HttpRequest.newBuilder(URI.create(first.endpoint() + "/_emulator/snapshot")).build(),
          HttpResponse.BodyHandlers.ofFile(snapshot));
    }

    try (Running next = start(List.of("--host", "127.0.0.1", "--port", "0", "--restore-snapshot", snapshot.toString()), Map.of())) {
      assertThat(json(get(next.endpoint() + "/v1/streams/events/records?seq_num=0", "snap-basin-1"), "/records/0/body").asText())
          .isEqualTo("from the first run");
    }
    Finished broken = run(List.of("--port", "0", "--restore-snapshot", write("broken.jsonl", "{'basins': []}").toString()), Map.of());
    assertThat(broken.exitCode()).isEqualTo(1);
    assertOneLineReason(broken, "not an s2lite snapshot");
  }

  @Test
  void runningOutOfHeapAnswersARetryableS2ErrorAndKeepsEveryAckedRecord() throws Exception {
    String record = "{\"body\": \"" + "r".repeat(1000) + "\"}";
    String batch = "{\"records\": [" + String.join(",", java.util.Collections.nCopies(1000, record)) + "]}";
    Process process = command(List.of("-Xmx96m"), List.of("--host", "127.0.0.1", "--port", "0"), Map.of())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (Running server = new Running(process)) {
      String endpoint = server.endpoint();
      assertThat(post(endpoint + "/v1/basins", null, "{\"basin\": \"my-basin-1\"}").statusCode()).isEqualTo(201);
      assertThat(post(endpoint + "/v1/streams", "my-basin-1", "{\"stream\": \"big\"}").statusCode()).isEqualTo(201);

      long acked = 0;
      HttpResponse<String> refused = null;
      // 1 MiB batches into a 96 MiB heap: the heap runs out long before 400 of them.
      for (int i = 0; i < 400 && refused == null; i++) {
        HttpResponse<String> append = post(endpoint + "/v1/streams/big/records", "my-basin-1", batch);
        if (append.statusCode() == 200) {
          acked = JSON.readTree(append.body()).get("end").get("seq_num").asLong();
        } else {
          refused = append;
        }
      }

      assertThat(refused).as("an append refused once the heap is full").isNotNull();
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("unavailable");
      assertThat(get(endpoint + "/health").statusCode()).isEqualTo(200);
      JsonNode tail = JSON.readTree(get(endpoint + "/v1/streams/big/records/tail", "my-basin-1").body());
      assertThat(tail.get("tail").get("seq_num").asLong()).as("every acked record and nothing else").isEqualTo(acked);
      JsonNode last = JSON.readTree(get(endpoint + "/v1/streams/big/records?seq_num=" + (acked - 1), "my-basin-1")
          .body()).get("records");
      assertThat(last).hasSize(1);
      assertThat(last.get(0).get("body").asText()).isEqualTo("r".repeat(1000));
    }
  }

  // --- running the CLI ---

  private record Finished(int exitCode, String stdout, String stderr) {}

  private Finished run(List<String> args, Map<String, String> env) {
    try {
      Path out = Files.createTempFile(dir, "stdout", ".txt");
      Path err = Files.createTempFile(dir, "stderr", ".txt");
      Process process = command(args, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("s2lite " + args + " did not exit within " + TIMEOUT);
      }
      return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A server process, stopped on close; its stdout is read up to the last line of the start banner. */
  private final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    Running(Process process) throws InterruptedException {
      this.process = process;
      BlockingQueue<String> queue = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            queue.add(line);
          }
        } catch (IOException e) {
          queue.add("<stdout failed: " + e + ">");
        }
      }, "s2lite-stdout");
      reader.setDaemon(true);
      reader.start();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (lines.stream().noneMatch(l -> l.startsWith("export S2_ACCESS_TOKEN="))) {
        String line = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no start banner within " + TIMEOUT + "; stdout so far: " + lines);
        }
        lines.add(line);
      }
    }

    List<String> lines() {
      return lines;
    }

    String endpoint() {
      return lines.stream().filter(l -> l.startsWith("export S2_ACCOUNT_ENDPOINT="))
          .map(l -> l.substring("export S2_ACCOUNT_ENDPOINT=".length()))
          .findFirst().orElseThrow(() -> new AssertionError("no S2_ACCOUNT_ENDPOINT in " + lines));
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private Running start(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    Process process = command(args, env).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      return new Running(process);
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static ProcessBuilder command(List<String> args, Map<String, String> env) {
    return command(List.of(), args, env);
  }

  private static ProcessBuilder command(List<String> jvmArgs, List<String> args, Map<String, String> env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire runs tests from a manifest-only jar; this property holds the real test class path.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // C1 only: these processes live for a second, so start-up time is all that counts.
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPath, Main.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("S2LITE_INIT_FILE");
    builder.environment().remove("S2LITE_NO_DASHBOARD");
    builder.environment().putAll(env);
    return builder;
  }

  private static void assertOneLineReason(Finished run, String mentioning) {
    List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("stderr").hasSize(1);
    assertThat(lines.get(0)).contains(mentioning).doesNotContain("Exception");
  }

  // --- HTTP and files ---

  private static HttpResponse<String> get(String url, String... basin) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    if (basin.length > 0) {
      request.header("s2-basin", basin[0]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String basin, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (basin != null) {
      request.header("s2-basin", basin);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, String pointer) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).at(pointer);
  }

  private static JsonNode parse(String singleQuoted) throws IOException {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  private Path write(String name, String singleQuotedJson) throws IOException {
    return Files.writeString(dir.resolve(name), singleQuotedJson.replace('\'', '"'));
  }
}
