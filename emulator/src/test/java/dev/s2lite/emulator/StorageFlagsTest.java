package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.testing.S3Proxy;
import dev.s2lite.emulator.testing.ServerProcess;
import dev.s2lite.emulator.testing.StoreKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage flags of {@code s2lite.jar}, as s2-lite takes them (REFERENCE §19.2-19.3, LITE-0.43 §1). */
class StorageFlagsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void localRootAndBucketConflictWithClapsMessageAndStatus2() throws Exception {
    Exit exit = run(List.of("--local-root", dir.toString(), "--bucket", "b"), Map.of());

    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.stderrLines()).singleElement().asString()
        .contains("the argument '--local-root <DIR>' cannot be used with '--bucket <BUCKET>'");
  }

  @Test
  void walLocationsConflictWithEachOther() throws Exception {
    Exit exit = run(List.of("--local-root", dir.toString(), "--wal-local-root", dir.toString(), "--wal-bucket", "w"),
        Map.of());

    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.stderrLines()).singleElement().asString()
        .contains("'--wal-local-root <DIR>' cannot be used with '--wal-bucket <BUCKET>'");
  }

  @Test
  void aWalLocationNeedsAMainStoreAlsoWhenItComesFromTheEnvironment() throws Exception {
    Exit flag = run(List.of("--wal-local-root", dir.toString()), Map.of());
    Exit env = run(List.of(), Map.of("S2LITE_WAL_BUCKET", "wal-bucket"));

    for (Exit exit : List.of(flag, env)) {
      assertThat(exit.status()).isEqualTo(2);
      assertThat(exit.stderrLines()).singleElement().asString()
          .contains("the following required arguments were not provided: <--bucket <BUCKET>|--local-root <DIR>>");
    }
  }

  @Test
  void aSeparateWalWithLocalRootIsRefusedSayingWhatToUse() throws Exception {
    Exit exit = run(List.of("--local-root", dir.resolve("main").toString(), "--wal-local-root", dir.resolve("wal").toString()),
        Map.of());

    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.stderrLines()).singleElement().asString().contains("use --local-root alone");
  }

  @Test
  void anInvalidFlushIntervalIsNamed() throws Exception {
    Exit exit = run(List.of("--local-root", dir.toString(), "--flush-interval", "soon"), Map.of());

    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.stderrLines()).singleElement().asString().contains("--flush-interval").contains("soon");
  }

  @Test
  void aLocalRootKeepsTheDataAcrossACleanRestartAndIsLockedToOneServer() throws Exception {
    Path root = dir.resolve("root");
    List<String> flags = List.of("--local-root", root.toString(), "--flush-interval", "2ms", "--cache-size", "16MiB");
    try (ServerProcess first = ServerProcess.start(dir.resolve("logs"), List.of(), flags)) {
      assertThat(first.output()).contains("data in " + root.toAbsolutePath() + " (H2)", "flush interval 2 ms", "cache 16 MiB");
      assertThat(post(first.endpoint(), "/v1/basins", "{\"basin\": \"kept-basin\"}").statusCode()).isEqualTo(201);

      Exit second = run(flags, Map.of());
      assertThat(second.status()).isEqualTo(1);
      assertThat(second.stderrLines()).singleElement().asString().contains("in use by another process");
    }
    try (ServerProcess restarted = ServerProcess.start(dir.resolve("logs"), List.of(), flags)) {
      HttpResponse<String> basin = HTTP.send(HttpRequest.newBuilder(restarted.endpoint().resolve("/v1/basins/kept-basin"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(basin.statusCode()).as(basin.body()).isEqualTo(200);
    }
  }

  @Test
  void aBucketKeepsTheDataAcrossACleanRestartAndANewerServerFencesTheOlder() throws Exception {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(StoreKind.BUCKET);
    String path = "flags/" + UUID.randomUUID();
    List<String> flags = List.of("--bucket", StoreKind.BUCKET, "--path", path);
    try (ServerProcess first = ServerProcess.start(dir.resolve("logs"), List.of(), flags, proxy.environment())) {
      assertThat(first.output()).contains("data in bucket " + StoreKind.BUCKET + " (S3), path " + path,
          "flush interval 50 ms");
      assertThat(post(first.endpoint(), "/v1/basins", "{\"basin\": \"kept-basin\"}").statusCode()).isEqualTo(201);

      try (ServerProcess second = ServerProcess.start(dir.resolve("logs"), List.of(), flags, proxy.environment())) {
        assertThat(get(second.endpoint(), "/v1/basins/kept-basin").statusCode()).isEqualTo(200);

        HttpResponse<String> health = awaitHealthNot200(first.endpoint());
        assertThat(health.statusCode()).as("the older server's /health, as s2-lite's fenced one").isEqualTo(503);
        assertThat(health.body()).isEqualTo("Fenced");
        HttpResponse<String> create = post(first.endpoint(), "/v1/basins", "{\"basin\": \"late-basin\"}");
        assertThat(create.statusCode()).isEqualTo(500);
        assertThat(create.body()).contains("\"code\":\"storage\"");
        assertThat(first.output()).contains("fenced");
        assertThat(post(second.endpoint(), "/v1/basins", "{\"basin\": \"new-basin\"}").statusCode()).isEqualTo(201);
      }
    }
    try (ServerProcess restarted = ServerProcess.start(dir.resolve("logs"), List.of(), flags, proxy.environment())) {
      assertThat(get(restarted.endpoint(), "/v1/basins").body()).contains("kept-basin", "new-basin")
          .doesNotContain("late-basin");
    }
  }

  @Test
  void aBucketWithALocalWalAcknowledgesAfterTheLocalFsyncEvery5Ms() throws Exception {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(StoreKind.BUCKET);
    Path wal = dir.resolve("wal");
    String path = "flags/" + UUID.randomUUID();
    List<String> flags = List.of("--bucket", StoreKind.BUCKET, "--path", path, "--wal-local-root", wal.toString());
    // The generic endpoint variable serves as well as AWS_ENDPOINT_URL_S3.
    Map<String, String> env = new HashMap<>(proxy.environment());
    env.put("AWS_ENDPOINT_URL", env.remove("AWS_ENDPOINT_URL_S3"));
    try (ServerProcess server = ServerProcess.start(dir.resolve("logs"), List.of(), flags, env)) {
      assertThat(server.output()).contains("write-ahead log in " + wal.toAbsolutePath(), "flush interval 5 ms");
      assertThat(post(server.endpoint(), "/v1/basins", "{\"basin\": \"wal-basin\"}").statusCode()).isEqualTo(201);
      try (var files = Files.walk(wal)) {
        assertThat(files.map(Path::toString)).as("log objects under the WAL root and path")
            .anyMatch(f -> f.contains(path) && f.endsWith(".wal"));
      }
    }
  }

  @Test
  void aBucketThatDoesNotExistStopsTheServerWithOneLine() throws Exception {
    Exit exit = run(List.of("--bucket", "no-such-bucket", "--path", "p"), S3Proxy.shared().environment());

    assertThat(exit.status()).isEqualTo(1);
    assertThat(exit.stderrLines()).as("besides the log line naming the endpoint")
        .filteredOn(line -> !line.contains("[INFO]")).singleElement().asString()
        .contains("s3://no-such-bucket/p/", "bucket no-such-bucket does not exist");
  }

  @Test
  void refusedCredentialsStopTheServerWithOneLineSayingWhy() throws Exception {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(StoreKind.BUCKET);
    Map<String, String> env = new HashMap<>(proxy.environment());
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");

    Exit exit = run(List.of("--bucket", StoreKind.BUCKET), env);

    assertThat(exit.status()).isEqualTo(1);
    assertThat(exit.stderrLines()).filteredOn(line -> !line.contains("[INFO]")).singleElement().asString()
        .contains("s3://" + StoreKind.BUCKET + "/", "403");
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsNamed() throws Exception {
    Map<String, String> env = new HashMap<>(S3Proxy.shared().environment());
    env.put("AWS_ENDPOINT_URL_S3", "ftp://127.0.0.1:21");

    Exit exit = run(List.of("--bucket", StoreKind.BUCKET), env);

    assertThat(exit.status()).isEqualTo(1);
    assertThat(exit.stderrLines()).singleElement().asString()
        .contains("AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL, got: ftp://127.0.0.1:21");
  }

  @Test
  void walCredentialsMustComeInPairsAsInS2Lite() throws Exception {
    Map<String, String> env = new HashMap<>(S3Proxy.shared().environment());
    env.put("S2LITE_WAL_AWS_ACCESS_KEY_ID", "only-the-key");

    Exit exit = run(List.of("--bucket", StoreKind.BUCKET, "--wal-bucket", "wal-bucket"), env);

    assertThat(exit.status()).isEqualTo(1);
    assertThat(exit.stderrLines()).singleElement().asString()
        .contains("S2LITE_WAL_AWS_ACCESS_KEY_ID and S2LITE_WAL_AWS_SECRET_ACCESS_KEY must be set together");
  }

  /** Polls /health until it is not 200 (the older server notices the newer one within about a second). */
  private static HttpResponse<String> awaitHealthNot200(URI endpoint) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> health = get(endpoint, "/health");
    while (health.statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      health = get(endpoint, "/health");
    }
    return health;
  }

  private static HttpResponse<String> get(URI endpoint, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI endpoint, String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private record Exit(int status, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Runs the CLI to its exit (these runs fail before serving). */
  private Exit run(List<String> flags, Map<String, String> env) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
        Main.class.getName(), "--host", "127.0.0.1", "--port", "0"));
    command.addAll(flags);
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(k -> k.startsWith("S2LITE_") || k.startsWith("SL8_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("s2lite " + flags + " did not exit within 60 s");
    }
    return new Exit(process.exitValue(), Files.readString(err));
  }
}
