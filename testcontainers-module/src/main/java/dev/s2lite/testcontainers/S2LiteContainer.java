package dev.s2lite.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.rnorth.ducttape.ratelimits.RateLimiterBuilder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * An S2 emulator in a container: the s2lite image of this project, or {@code s2 lite} from the
 * official image {@code ghcr.io/s2-streamstore/s2}. Point any S2 SDK or the {@code s2} CLI at
 * {@link #getEndpoint()}.
 *
 * <pre>{@code
 * @Testcontainers
 * class OrdersTest {
 *   @Container
 *   static final S2LiteContainer S2 = new S2LiteContainer().withBasin("orders-basin");
 *
 *   @Test
 *   void listsTheBasin() throws Exception {
 *     HttpResponse<String> basins = HttpClient.newHttpClient().send(
 *         HttpRequest.newBuilder(S2.getEndpoint().resolve("/v1/basins")).build(),
 *         HttpResponse.BodyHandlers.ofString());
 *     assertThat(basins.body()).contains("orders-basin");
 *   }
 * }
 * }</pre>
 *
 * <p>(ReadmeExampleIT in this module's tests runs this example.) Child processes and SDKs in
 * other languages take {@link #sdkEnvironment()}; {@link #reset()} empties the emulator between
 * tests without a restart.
 *
 * <p>The emulator's test-control plane is here too, over its admin routes ({@code /_emulator}):
 * {@link #seed}, {@link #clock()}, {@link #faults()}, {@link #journal()}, {@link #snapshots()}.
 *
 * <pre>{@code
 * S2.clock().freeze();
 * S2.clock().advance(Duration.ofDays(2));                  // 1-day retention: the records are gone
 * S2.faults().add(FaultRule.on(Operation.APPEND).basin("orders-basin").fail(503).once());
 * List<JournalEntry> appends = S2.journal().requests(JournalQuery.operation(Operation.APPEND));
 * S2.snapshots().save("seeded");
 * }</pre>
 *
 * <p>On the official image, which has no admin routes, each of them throws
 * {@link UnsupportedOperationException} saying so.
 */
public class S2LiteContainer extends GenericContainer<S2LiteContainer> {

  /** The repository of the emulator's image; the tag is the project's version. */
  public static final String IMAGE = "s2lite";

  /** The official S2 image, whose {@code s2 lite} this class also runs. */
  public static final String OFFICIAL_IMAGE = "ghcr.io/s2-streamstore/s2";

  /** The port the emulator's image serves on inside the container. */
  public static final int PORT = 8080;

  /** The port {@code s2 lite} serves on in the official image. */
  public static final int OFFICIAL_PORT = 80;

  /** Where {@link #withInitFile} and {@link #withInitJson} put the init file in the container. */
  public static final String INIT_FILE_PATH = "/etc/s2lite/init.json";

  private static final String ACCESS_TOKEN = "ignored";
  private static final DockerImageName EMULATOR = DockerImageName.parse(IMAGE);
  private static final DockerImageName OFFICIAL = DockerImageName.parse(OFFICIAL_IMAGE);
  private static final Pattern BASIN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{6,46}[a-z0-9]");
  // About a second on an idle machine; a loaded 2-core CI machine has been seen to take 40 s.
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean official;
  private final int port;
  private final Set<String> basins = new LinkedHashSet<>();
  private final AdminClient adminClient = new AdminClient(this);
  private Transferable initFile;
  private String rootToken;

  /** The emulator's image at this module's version: {@code s2lite:<version>}. */
  public S2LiteContainer() {
    this(EMULATOR.withTag(Version.current()));
  }

  /** An image by name, e.g. {@code "s2lite:0.1.0"} or {@code "ghcr.io/s2-streamstore/s2:0.43.4"}. */
  public S2LiteContainer(String image) {
    this(DockerImageName.parse(image));
  }

  /**
   * An image of the emulator or the official S2 image; a mirror of either must say so with
   * {@link DockerImageName#asCompatibleSubstituteFor(String)}.
   *
   * @throws IllegalStateException if the image is neither
   */
  public S2LiteContainer(DockerImageName image) {
    super(image);
    image.assertCompatibleWith(EMULATOR, OFFICIAL);
    official = image.isCompatibleWith(OFFICIAL);
    port = official ? OFFICIAL_PORT : PORT;
    withExposedPorts(port);
    // Testcontainers paces all HTTP waits of a JVM together at one poll a second; the emulator
    // starts in about a second, so this container polls on its own, ten times a second.
    waitingFor(Wait.forHttp("/health").forPort(port).forStatusCode(200)
        .withRateLimiter(RateLimiterBuilder.newBuilder().withRate(10, TimeUnit.SECONDS).withConstantThroughput().build())
        .withStartupTimeout(STARTUP_TIMEOUT));
    if (image.getUnversionedPart().equals(IMAGE)) {
      withImagePullPolicy(new BuildItFirst());
    }
  }

  /** A JSON init file ({@code s2 lite --init-file}), applied at start; replaces any earlier one. */
  public S2LiteContainer withInitFile(Path file) {
    try {
      initFile = Transferable.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read init file " + file, e);
    }
    return self();
  }

  /** An init file's JSON content, applied at start; replaces any earlier init file. */
  public S2LiteContainer withInitJson(String json) {
    initFile = Transferable.of(json.getBytes(StandardCharsets.UTF_8));
    return self();
  }

  /**
   * A basin to create, with the default configuration, once the server is up (after the init
   * file, which may already have created and configured it).
   *
   * @throws IllegalArgumentException if the name is not a valid basin name
   */
  public S2LiteContainer withBasin(String name) {
    if (!BASIN_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid basin name \"" + name
          + "\": 8-48 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen");
    }
    basins.add(name);
    return self();
  }

  /**
   * Checks bearer tokens as the S2 cloud does ({@code --auth}): requests to {@code /v1} need a
   * token, and {@link #getAccessToken()} returns the root token, random for this container.
   *
   * @throws UnsupportedOperationException on the official image, whose {@code s2 lite} accepts any token
   */
  public S2LiteContainer withAuth() {
    if (official) {
      throw new UnsupportedOperationException(OFFICIAL_IMAGE + " has no --auth: s2 lite accepts any token");
    }
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    rootToken = "s2lite-root-" + HexFormat.of().formatHex(secret);
    return self();
  }

  /**
   * The base URI of the server, e.g. {@code http://localhost:32771}: the account endpoint and the
   * basin endpoint at once (basins are named in the {@code S2-Basin} header), as with s2-lite.
   */
  public URI getEndpoint() {
    return URI.create("http://" + getHost() + ":" + getMappedPort(port));
  }

  /**
   * A bearer token for S2 clients: the root token with {@link #withAuth()}, else a placeholder that
   * neither the emulator nor s2-lite checks.
   */
  public String getAccessToken() {
    return rootToken == null ? ACCESS_TOKEN : rootToken;
  }

  /**
   * {@code S2_ACCOUNT_ENDPOINT}, {@code S2_BASIN_ENDPOINT} and {@code S2_ACCESS_TOKEN}, the
   * variables the official SDKs and the {@code s2} CLI read: for a child process's environment.
   */
  public Map<String, String> sdkEnvironment() {
    String endpoint = getEndpoint().toString();
    return Map.of(
        "S2_ACCOUNT_ENDPOINT", endpoint,
        "S2_BASIN_ENDPOINT", endpoint,
        "S2_ACCESS_TOKEN", getAccessToken());
  }

  /**
   * Forgets every basin, stream and record, including those of the init file and
   * {@link #withBasin}, without restarting the container ({@code POST /_emulator/reset}). Every
   * client of this container sees it at once: tests sharing it must not run meanwhile.
   *
   * @throws UnsupportedOperationException on the official image, which has no reset
   * @throws IllegalStateException if the container is not running or the reset fails
   */
  public void reset() {
    adminClient.post("reset", "/reset", null, 204);
  }

  /**
   * Forgets one basin with its streams and records ({@code POST /_emulator/reset?basin=NAME});
   * other basins are untouched, so tests sharing the container may each reset their own.
   *
   * @throws UnsupportedOperationException on the official image, which has no reset
   * @throws IllegalStateException if there is no such basin or the reset fails
   */
  public void reset(String basin) {
    adminClient.post("reset", "/reset?basin=" + URLEncoder.encode(basin, StandardCharsets.UTF_8), null, 204);
  }

  /**
   * Applies an init file's JSON (the {@link #withInitJson} format) now: basins and streams are
   * created or reconfigured, nothing else is touched ({@code POST /_emulator/seed}).
   *
   * <pre>{@code
   * S2.seed("{\"basins\": [{\"name\": \"orders-basin\", \"streams\": [{\"name\": \"eu\"}]}]}");
   * }</pre>
   *
   * @throws UnsupportedOperationException on the official image, which has no seed
   * @throws IllegalStateException if the emulator refuses the JSON (its {@code 400} is in the message)
   */
  public void seed(String initFileJson) {
    adminClient.upload("seed", "POST", "/seed", "application/json", initFileJson.getBytes(StandardCharsets.UTF_8), 204);
  }

  /**
   * The emulator's clock: freeze it and move it; everything that reads time follows (arrival
   * timestamps, retention, delete-on-empty, heartbeats), and what became due runs before a move
   * returns, so a test never sleeps.
   *
   * <pre>{@code
   * S2.clock().freeze();
   * S2.clock().advance(Duration.ofDays(8));   // records with 7-day retention are gone
   * S2.clock().resume();
   * }</pre>
   */
  public EmulatorClock clock() {
    return new EmulatorClock(adminClient);
  }

  /**
   * Fault rules: make S2 requests fail, slow down, or lose their session or connection.
   *
   * <pre>{@code
   * S2.faults().failNext(Operation.APPEND, 503);
   * S2.faults().add(FaultRule.on(Operation.READ).basin("orders-basin").delay(Duration.ofMillis(300)).times(2));
   * S2.faults().clear();
   * }</pre>
   */
  public EmulatorFaults faults() {
    return new EmulatorFaults(adminClient);
  }

  /**
   * The last requests the emulator received, with their headers (tokens redacted), a body
   * summary and the status.
   *
   * <pre>{@code
   * List<JournalEntry> appends = S2.journal().requests(JournalQuery.operation(Operation.APPEND));
   * assertThat(appends).extracting(JournalEntry::status).containsExactly(503, 200);
   * }</pre>
   */
  public EmulatorJournal journal() {
    return new EmulatorJournal(adminClient);
  }

  /**
   * Snapshots of the whole state: kept in the emulator by name, or downloaded as a file that
   * {@link EmulatorSnapshots#restoreFrom(byte[])} (or {@code --restore-snapshot}) takes back.
   *
   * <pre>{@code
   * S2.snapshots().save("seeded");
   * S2.snapshots().restore("seeded");
   * byte[] file = S2.snapshots().download();
   * }</pre>
   */
  public EmulatorSnapshots snapshots() {
    return new EmulatorSnapshots(adminClient);
  }

  /** True for the official S2 image, false for the emulator's. */
  boolean isOfficialImage() {
    return official;
  }

  @Override
  protected void configure() {
    List<String> command = new ArrayList<>();
    if (official) {
      command.addAll(List.of("lite", "--port", String.valueOf(OFFICIAL_PORT)));
    }
    if (initFile != null) {
      withCopyToContainer(initFile, INIT_FILE_PATH);
      command.addAll(List.of("--init-file", INIT_FILE_PATH));
    }
    if (rootToken != null) {
      // In the environment rather than on the command line that `ps` shows.
      withEnv("S2LITE_ROOT_TOKEN", rootToken);
      command.add("--auth");
    }
    setCommand(command.toArray(String[]::new));
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse containerInfo) {
    for (String basin : basins) {
      // Basin names are [a-z0-9-] (checked in withBasin): nothing to escape in this JSON.
      HttpResponse<String> response = send(HttpRequest.newBuilder(getEndpoint().resolve("/v1/basins"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"basin\":\"" + basin + "\"}")));
      if (response.statusCode() != 201 && response.statusCode() != 409) {
        throw new IllegalStateException("cannot create basin " + basin + ": POST /v1/basins answered "
            + response.statusCode() + ": " + response.body());
      }
    }
  }

  /**
   * An admin route of the emulator, under its reserved prefix {@code /_emulator}.
   *
   * @param capability what the route is for, named in the error on the official image
   */
  URI admin(String capability, String path) {
    if (official) {
      throw new UnsupportedOperationException(OFFICIAL_IMAGE + " has no " + capability + ": s2 lite has no"
          + " admin routes (reset, seed, clock, faults, journal, snapshots). Use the s2lite image"
          + (capability.equals("reset") ? ", or start a new container, or give each test its own basins" : ""));
    }
    return getEndpoint().resolve("/_emulator" + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return AdminClient.CLIENT.send(request.header("authorization", "Bearer " + getAccessToken())
          .timeout(AdminClient.HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The emulator's image is not published: when it is not on this machine, say how to build it. */
  private static final class BuildItFirst implements ImagePullPolicy {
    @Override
    public boolean shouldPull(DockerImageName image) {
      if (PullPolicy.defaultPolicy().shouldPull(image)) {
        throw new IllegalStateException("image " + image.asCanonicalNameString() + " is not on this"
            + " machine and is not published: build it in a clone of s2lite-java with"
            + " `mvn -q -DskipTests package && emulator/src/main/docker/build-image.sh`"
            + " (it builds s2lite:<version>; use that tag)");
      }
      return false;
    }
  }

  /** This module's version, which names the emulator image it runs by default. */
  static final class Version {
    private Version() {}

    static String current() {
      Properties properties = new Properties();
      try (InputStream in = S2LiteContainer.class.getResourceAsStream("version.properties")) {
        Objects.requireNonNull(in, "version.properties is missing from s2lite-testcontainers");
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties.getProperty("version");
    }
  }
}
