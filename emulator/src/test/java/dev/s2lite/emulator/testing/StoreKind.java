package dev.s2lite.emulator.testing;

import dev.s2lite.emulator.S2LiteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The stores the acceptance suites and the crash harness run against. Suites take the kind as a
 * parameter ({@code @EnumSource(StoreKind.class)}), so a new store joins every one of them by
 * adding its entry here: how to give a server a new, empty place for its data, as builder
 * options and as {@code s2lite.jar} flags.
 */
public enum StoreKind {

  MEMORY(false) {
    @Override
    public Location newLocation() {
      return new Location(builder -> builder, List.of(), Map.of());
    }
  },

  H2(true) {
    @Override
    public Location newLocation() {
      Path dir = scratchDirectory("h2");
      return new Location(builder -> builder.localRoot(dir), List.of("--local-root", dir.toString()), Map.of());
    }
  },

  /**
   * A new path in a bucket of the JVM's s3proxy, reached through the standard AWS variables, with
   * a {@link #S3_FLUSH_INTERVAL} flush interval: the suites append one batch at a time, which
   * s2-lite's 50 ms default would make wait for minutes (StorageFlagsTest and DashboardConfigTest
   * check the default).
   */
  S3(true) {
    @Override
    public Location newLocation() {
      S3Proxy proxy = S3Proxy.shared();
      proxy.createBucket(BUCKET);
      String path = "kinds/" + UUID.randomUUID();
      Map<String, String> env = proxy.environment();
      return new Location(builder -> builder.bucket(BUCKET, path).environment(env).flushInterval(S3_FLUSH_INTERVAL),
          List.of("--bucket", BUCKET, "--path", path, "--flush-interval", S3_FLUSH_INTERVAL.toMillis() + "ms"), env);
    }
  };

  /** The flush interval of {@link #S3} locations. */
  public static final Duration S3_FLUSH_INTERVAL = Duration.ofMillis(10);

  /** The bucket {@link #S3} locations share, each under a path of its own. */
  public static final String BUCKET = "s2lite-kinds";

  private final boolean durable;

  StoreKind(boolean durable) {
    this.durable = durable;
  }

  /** Whether data survives a restart (and a crash) of the server. */
  public boolean durable() {
    return durable;
  }

  /** A new, empty place for data of this kind; servers started on it again find what it holds. */
  public abstract Location newLocation();

  /** The kinds whose data survives a restart: what the crash harness and restart tests run on. */
  public static Stream<StoreKind> durableKinds() {
    return Stream.of(values()).filter(StoreKind::durable);
  }

  /**
   * One place for a server's data.
   *
   * @param options sets a server builder's storage options to this place
   * @param flags the same as {@code s2lite.jar} flags
   * @param environment what the {@code s2lite.jar} process needs in its environment besides the
   *     flags (the AWS variables of an S3 location)
   */
  public record Location(UnaryOperator<S2LiteServer.Builder> options, List<String> flags,
      Map<String, String> environment) {

    /** The builder, configured to keep its data here. */
    public S2LiteServer.Builder configure(S2LiteServer.Builder builder) {
      return options.apply(builder);
    }
  }

  /** A new directory, deleted with its content when the JVM exits. */
  static Path scratchDirectory(String kind) {
    try {
      Path dir = Files.createTempDirectory("s2lite-" + kind + "-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit; the directory is under the temp directory anyway.
    }
  }
}
