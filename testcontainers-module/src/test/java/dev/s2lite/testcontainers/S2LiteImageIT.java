package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The emulator's image itself (built by emulator/src/main/docker/build-image.sh), run by a real
 * Docker engine. Each test has its own container, so they run concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class S2LiteImageIT {

  private static final DockerImageName IMAGE = DockerImageName.parse(S2LiteContainer.IMAGE)
      .withTag(S2LiteContainer.Version.current());
  /** docker stop's default: SIGTERM, then SIGKILL (exit 137) after this long. */
  private static final int STOP_TIMEOUT_SECONDS = 10;
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);
  private static final int SERVER_UID = 10001;

  @TempDir
  Path dir;

  @Test
  void startsAndAnswersHealth() throws Exception {
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();

      HttpResponse<String> health = S2Http.client().send(
          HttpRequest.newBuilder(s2.getEndpoint().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("OK");
      assertThat(s2.getLogs()).contains("listening on 0.0.0.0:" + S2LiteContainer.PORT);
    }
  }

  @Test
  void dockersHealthCheckOfTheImageReportsHealthyWithoutCurlInTheImage() {
    HealthCheck imageCheck = imageHealthCheck();
    assertThat(imageCheck).as("the image declares a HEALTHCHECK").isNotNull();
    assertThat(imageCheck.getTest()).contains("dev.s2lite.emulator.HealthCheck").doesNotContain("curl");
    HealthCheck fast = everySecond(imageCheck);
    try (S2LiteContainer s2 = new S2LiteContainer().withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(fast))) {
      s2.start();

      String status = awaitHealth(s2);

      assertThat(status).isEqualTo("healthy");
    }
  }

  @Test
  void dockersHealthCheckFindsTheEmulatorServingTls() {
    HealthCheck fast = everySecond(imageHealthCheck());
    try (GenericContainer<?> tls = new GenericContainer<>(IMAGE).withCommand("--tls-self")
        .withExposedPorts(S2LiteContainer.PORT)
        .waitingFor(Wait.forHttps("/health").forPort(S2LiteContainer.PORT).allowInsecure()
            .withStartupTimeout(Duration.ofMinutes(2)))
        .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(fast))) {
      tls.start();

      String status = awaitHealth(tls);

      assertThat(status).isEqualTo("healthy");
      assertThat(tls.getLogs()).contains("https://");
    }
  }

  @Test
  void appliesAnInitFile() throws IOException {
    Path init = Files.writeString(dir.resolve("init.json"), """
        {"basins": [{"name": "init-basin-1", "config": {"create_stream_on_append": true},
                     "streams": [{"name": "events"}]}]}
        """);
    try (S2LiteContainer s2 = new S2LiteContainer().withInitFile(init)) {
      s2.start();
      S2Http http = new S2Http(s2.getEndpoint());

      S2Http.Response basin = http.get("/v1/basins/init-basin-1", Map.of());
      S2Http.Response streams = http.get("/v1/streams", Map.of("s2-basin", "init-basin-1"));

      assertThat(basin.status()).as(basin.body()).isEqualTo(200);
      assertThat(basin.json().get("create_stream_on_append").asBoolean()).isTrue();
      assertThat(streams.json().get("streams")).extracting(s -> s.get("name").asText()).containsExactly("events");
      assertThat(s2.getLogs()).contains("applied " + S2LiteContainer.INIT_FILE_PATH);
    }
  }

  @Test
  void passesArgumentsAfterTheImageNameToTheEmulator() throws Exception {
    try (GenericContainer<?> withCors = emulator(); GenericContainer<?> noCors = emulator().withCommand("--no-cors")) {
      withCors.start();
      noCors.start();

      assertThat(allowedOrigin(withCors)).contains("http://app.example");
      assertThat(allowedOrigin(noCors)).isEmpty();
    }
  }

  @Test
  void stopsOnSigtermBeforeDockerStopWouldKillIt() {
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();

      docker().stopContainerCmd(s2.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();

      InspectContainerResponse.ContainerState state = docker().inspectContainerCmd(s2.getContainerId()).exec().getState();
      assertThat(state.getRunning()).isFalse();
      assertThat(state.getOOMKilled()).isFalse();
      // The emulator takes SIGTERM itself, drains and exits 0; 143 would mean the JVM's default
      // signal handling ran instead, 137 that docker had to SIGKILL it after the timeout.
      assertThat(state.getExitCodeLong())
          .as("exit code after docker stop -t %d (143 = default signal handling, 137 = killed)", STOP_TIMEOUT_SECONDS)
          .isZero();
    }
  }

  @Test
  void runsAsANonRootUser() {
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();

      TopContainerResponse top = docker().topContainerCmd(s2.getContainerId()).exec();
      int uid = List.of(top.getTitles()).indexOf("UID");

      assertThat(List.of(top.getProcesses())).as("docker top").isNotEmpty().extracting(process -> process[uid])
          .containsOnly(String.valueOf(SERVER_UID));
      assertThat(s2.getContainerInfo().getConfig().getUser()).isEqualTo(SERVER_UID + ":" + SERVER_UID);
    }
  }

  @Test
  void theDataVolumeBelongsToTheServersUser() throws IOException {
    assertThat(docker().inspectImageCmd(IMAGE.asCanonicalNameString()).exec().getConfig().getVolumes())
        .containsKey("/data");
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();

      TarArchiveEntry data;
      try (InputStream tar = docker().copyArchiveFromContainerCmd(s2.getContainerId(), "/data").exec();
          TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
        data = entries.getNextEntry();
      }

      assertThat(data.isDirectory()).isTrue();
      assertThat(data.getLongUserId()).isEqualTo(SERVER_UID);
      assertThat(data.getMode() & 0200).as("owner may write").isNotZero();
    }
  }

  private static GenericContainer<?> emulator() {
    return new GenericContainer<>(IMAGE).withExposedPorts(S2LiteContainer.PORT)
        .waitingFor(Wait.forHttp("/health").forPort(S2LiteContainer.PORT).withStartupTimeout(Duration.ofMinutes(2)));
  }

  private static Optional<String> allowedOrigin(GenericContainer<?> container) throws Exception {
    HttpResponse<Void> response = S2Http.client().send(HttpRequest.newBuilder(
            URI.create("http://" + container.getHost() + ":" + container.getMappedPort(S2LiteContainer.PORT) + "/v1/basins"))
        .header("origin", "http://app.example").build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("access-control-allow-origin");
  }

  private static HealthCheck imageHealthCheck() {
    return docker().inspectImageCmd(IMAGE.asCanonicalNameString()).exec().getConfig().getHealthcheck();
  }

  /** The image's own check, polled every second instead of every 10 s to keep the tests short. */
  private static HealthCheck everySecond(HealthCheck check) {
    return new HealthCheck().withTest(check.getTest()).withInterval(Duration.ofSeconds(1).toNanos())
        .withTimeout(check.getTimeout()).withRetries(check.getRetries()).withStartPeriod(check.getStartPeriod());
  }

  /** Docker's verdict once it is "healthy", or the last one when none came within HEALTHY_WITHIN. */
  private static String awaitHealth(GenericContainer<?> s2) {
    long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
    HealthState health;
    do {
      health = docker().inspectContainerCmd(s2.getContainerId()).exec().getState().getHealth();
      if (health != null && "healthy".equals(health.getStatus())) {
        return health.getStatus();
      }
      sleep(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    return fail("not healthy within %s; Docker's health log: %s", HEALTHY_WITHIN,
        health == null ? "none" : health.getLog().stream().map(r -> r.getExitCodeLong() + " " + r.getOutput()).toList());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static DockerClient docker() {
    return DockerClientFactory.lazyClient();
  }
}
