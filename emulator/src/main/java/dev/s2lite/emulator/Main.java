package dev.s2lite.emulator;

import dev.s2lite.emulator.init.InitFileException;
import dev.s2lite.emulator.snapshot.SnapshotException;
import dev.s2lite.emulator.store.StoreLocation;
import dev.s2lite.emulator.store.StoreSettings;
import dev.s2lite.emulator.store.Stores;
import dev.s2lite.emulator.tls.TlsCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sun.misc.Signal;

/** {@code java -jar s2lite.jar}: the emulator as a standalone server. */
@Command(
    name = "s2lite",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
        "An S2 (s2.dev) emulator: the S2 v1 API on one port, HTTP/1.1 and HTTP/2 (cleartext, or TLS).",
        "Point an S2 SDK or the s2 CLI at it with the three lines it prints on start."
    })
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: 8080, or 443 with TLS).")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--init-file", paramLabel = "FILE", defaultValue = "${env:S2LITE_INIT_FILE}",
      description = "Basins and streams to create or reconfigure at start-up, in the"
          + " `s2 apply` JSON format (also: S2LITE_INIT_FILE).")
  Path initFile;

  @Option(names = "--no-cors", description = "Do not send CORS headers.")
  boolean noCors;

  @Option(names = "--append-inflight-bytes", paramLabel = "SIZE", defaultValue = "128MiB",
      description = "Server-wide cap on bytes of appends (unary and session) admitted but not yet acknowledged;"
          + " inputs beyond it wait. Bytes or a size like 64MiB; at least 1MiB (default: ${DEFAULT-VALUE}).")
  String appendInflightBytes;

  @Option(names = "--auth", description = "Check bearer tokens against issued access tokens, as the"
      + " S2 cloud does (s2-lite accepts any token). Prints the root token unless --root-token is given.")
  boolean auth;

  @Option(names = "--root-token", paramLabel = "TOKEN", defaultValue = "${env:S2LITE_ROOT_TOKEN}",
      description = "The token that may do everything when --auth is on (also: S2LITE_ROOT_TOKEN);"
          + " default a random one.")
  String rootToken;

  @Option(names = "--tls-self", description = "Serve HTTPS with a self-signed certificate made at start"
      + " (for localhost, 127.0.0.1, ::1); prints its fingerprint and where its PEM is.")
  boolean tlsSelf;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate"
      + " (chain); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--no-dashboard",
      description = "Do not serve the web dashboard at /dashboard (also: S2LITE_NO_DASHBOARD).")
  boolean noDashboard;

  @Option(names = "--journal-size", paramLabel = "N", defaultValue = "1000",
      description = "Requests the journal keeps (GET /_emulator/journal); 0 turns it off (default: ${DEFAULT-VALUE}).")
  int journalSize;

  @Option(names = "--restore-snapshot", paramLabel = "FILE",
      description = "Start from a snapshot file (GET /_emulator/snapshot wrote it), before the init file.")
  Path snapshotFile;

  @Option(names = "--housekeeping-period", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between passes of the background work: finishing deletions,"
          + " trims, retention expiry, delete-on-empty (default: ${DEFAULT-VALUE}).")
  long housekeepingSeconds;

  @Option(names = "--local-root", paramLabel = "DIR",
      description = "Keep the data on the local file system under DIR (created if missing), in an H2"
          + " database: it survives restarts and crashes. Conflicts with --bucket. Default: in memory.")
  Path localRoot;

  @Option(names = "--bucket", paramLabel = "BUCKET",
      description = "Keep the data in this S3 bucket, or one of any S3-compatible server (endpoint,"
          + " region and credentials from the AWS environment: AWS_ENDPOINT_URL_S3, AWS_REGION,"
          + " AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles...; http:// endpoints and path-style"
          + " addressing work). One server at a time: a newer one fences the older. Conflicts with --local-root.")
  String bucket;

  @Option(names = "--path", paramLabel = "PREFIX", defaultValue = "",
      description = "Base path (key prefix) inside the store; with --local-root, a subdirectory.")
  String path;

  @Option(names = "--wal-local-root", paramLabel = "DIR", defaultValue = "${env:S2LITE_WAL_LOCAL_ROOT}",
      description = "Keep the write-ahead log in this local directory (acks wait for its fsync; the"
          + " bucket gets the data later); requires --bucket (refused with --local-root, whose file keeps"
          + " its own log); conflicts with --wal-bucket (also: S2LITE_WAL_LOCAL_ROOT).")
  Path walLocalRoot;

  @Option(names = "--wal-bucket", paramLabel = "BUCKET", defaultValue = "${env:S2LITE_WAL_BUCKET}",
      description = "Keep the write-ahead log in this S3 bucket, reached with the main bucket's AWS"
          + " settings overridden by S2LITE_WAL_AWS_ENDPOINT_URL_S3, S2LITE_WAL_AWS_REGION,"
          + " S2LITE_WAL_AWS_ACCESS_KEY_ID, S2LITE_WAL_AWS_SECRET_ACCESS_KEY; requires --bucket"
          + " (refused with --local-root) (also: S2LITE_WAL_BUCKET).")
  String walBucket;

  @Option(names = "--flush-interval", paramLabel = "DURATION", defaultValue = "${env:SL8_FLUSH_INTERVAL}",
      description = "How long appends gather before one commit makes them durable together, e.g."
          + " 5ms (also: SL8_FLUSH_INTERVAL, as s2-lite). Default: 5ms, or 50ms with the log in S3.")
  String flushInterval;

  @Option(names = "--cache-size", paramLabel = "SIZE",
      description = "Heap a durable store uses to cache data, e.g. 64MiB. Default: an eighth of the"
          + " maximum heap (-Xmx), between 8MiB and 256MiB.")
  String cacheSize;

  @Option(names = "--request-body-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Seconds a unary request's body may take to arrive in full; then it is answered"
          + " 408 request_timeout and its connection closed (default: ${DEFAULT-VALUE}).")
  long requestBodyTimeoutSeconds;

  @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "On SIGTERM or SIGINT: seconds to let admitted requests and sessions finish"
          + " (read sessions end at once with a retryable 503) before the rest is cut;"
          + " the process then exits 0 (default: ${DEFAULT-VALUE}).")
  long shutdownTimeoutSeconds;

  public static void main(String[] args) {
    Warmup.inBackground();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command; returns the exit code once the server stops (or at once on a bad start). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("s2lite: " + e.getMessage() + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      err.println("s2lite: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  /** An env flag as s2-lite reads S2LITE_NO_DASHBOARD: unset, empty, 0, false, no, off, n, f mean off. */
  static boolean truthy(String value) {
    if (value == null) {
      return false;
    }
    return !Set.of("", "0", "false", "no", "off", "n", "f").contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*([kmg]i?)?b?\\s*");

  /** A byte size as s2 lite takes it: a number with an optional unit (B, KB, KiB, MB, MiB, GB, GiB). */
  private long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "invalid size: " + text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = switch (unit) {
      case "k" -> 1000L;
      case "ki" -> 1L << 10;
      case "m" -> 1000L * 1000;
      case "mi" -> 1L << 20;
      case "g" -> 1000L * 1000 * 1000;
      case "gi" -> 1L << 30;
      default -> 1L;
    };
    return Math.multiplyExact(n, factor);
  }

  @Override
  public Integer call() {
    if (tlsSelf && (tlsCert != null || tlsKey != null)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--tls-self cannot be used with --tls-cert or --tls-key");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--tls-cert and --tls-key must be given together");
    }
    if (rootToken != null && !auth) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--root-token needs --auth");
    }
    boolean tls = tlsSelf || tlsCert != null;
    if (port == null) {
      port = tls ? 443 : 8080;
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--port must be between 0 and 65535, got " + port);
    }
    if (housekeepingSeconds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--housekeeping-period must be at least 1 second, got " + housekeepingSeconds);
    }
    StoreSettings storage;
    try {
      storage = StoreSettings.fromFlags(localRoot, bucket, path, walLocalRoot, walBucket,
          flushInterval == null || flushInterval.isBlank() ? null : duration("--flush-interval", flushInterval),
          cacheSize == null ? 0 : size(cacheSize));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    if (journalSize < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--journal-size must not be negative, got " + journalSize);
    }
    boolean dashboard = !noDashboard && !truthy(System.getenv("S2LITE_NO_DASHBOARD"));
    if (shutdownTimeoutSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--shutdown-timeout must not be negative, got " + shutdownTimeoutSeconds);
    }
    if (requestBodyTimeoutSeconds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--request-body-timeout must be at least 1 second, got " + requestBodyTimeoutSeconds);
    }
    long startNanos = System.nanoTime();
    TlsCertificate certificate;
    try {
      certificate = tlsSelf ? TlsCertificate.selfSigned()
          : tlsCert != null ? TlsCertificate.fromPem(tlsCert, tlsKey) : null;
    } catch (IllegalArgumentException e) {
      System.err.println("s2lite: " + e.getMessage());
      return 1;
    }
    // Taken before the server starts: a stop signal that arrives while it starts (a container
    // stopped as soon as it answers) stops it once it has, instead of killing it with 143.
    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicReference<String> stopSignal = new AtomicReference<>();
    onStopSignals(stopSignal, stopRequested);
    S2LiteServer server;
    try {
      S2LiteServer.Builder builder = S2LiteServer.builder()
          .tls(certificate)
          .auth(auth)
          .rootToken(rootToken)
          .host(host)
          .port(port)
          .initFile(initFile)
          .cors(!noCors)
          .housekeepingPeriod(Duration.ofSeconds(housekeepingSeconds))
          .appendInflightBytes(Math.max(1L << 20, size(appendInflightBytes)))
          .dashboard(dashboard)
          .journalCapacity(journalSize)
          .restoreSnapshot(snapshotFile)
          .requestBodyTimeout(Duration.ofSeconds(requestBodyTimeoutSeconds))
          .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds));
      if (localRoot != null) {
        builder.localRoot(localRoot);
      }
      if (bucket != null) {
        builder.bucket(bucket, path);
      }
      if (walLocalRoot != null) {
        builder.walLocalRoot(walLocalRoot);
      }
      if (walBucket != null) {
        builder.walBucket(walBucket);
      }
      if (storage.flushInterval() != null) {
        builder.flushInterval(storage.flushInterval());
      }
      if (storage.cacheBytes() > 0) {
        builder.cacheSize(storage.cacheBytes());
      }
      server = builder.path(path).build().start();
    } catch (Stores.UnsupportedStoreException e) {
      System.err.println("s2lite: " + e.getMessage());
      return 2;
    } catch (InitFileException | IllegalStateException | IllegalArgumentException
        | SnapshotException | UncheckedIOException e) {
      System.err.println("s2lite: " + e.getMessage());
      return 1;
    }
    // Other ways the JVM may end (System.exit elsewhere, SIGHUP) still stop the server gracefully.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s2lite-shutdown"));
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    String endpoint = server.endpoint().toString();
    System.out.println("s2lite " + Version.current() + " listening on " + host + ":" + server.port()
        + (tls ? " (HTTPS: HTTP/1.1 and h2)" : " (HTTP/1.1 and h2c)") + " in " + millis + " ms"
        + (initFile == null ? "" : ", applied " + initFile));
    System.out.println(describe(storage));
    if (tlsSelf) {
      System.out.println("TLS: self-signed certificate for localhost, 127.0.0.1, ::1; SHA-256 fingerprint "
          + certificate.fingerprint() + "; PEM in " + writePem(certificate));
    } else if (certificate != null) {
      System.out.println("TLS: certificate " + certificate.certificate().getSubjectX500Principal().getName()
          + "; SHA-256 fingerprint " + certificate.fingerprint());
    }
    if (auth) {
      System.out.println("Access tokens are checked (--auth); the root token may do everything.");
    }
    System.out.println("export S2_ACCOUNT_ENDPOINT=" + endpoint);
    System.out.println("export S2_BASIN_ENDPOINT=" + endpoint);
    System.out.println("export S2_ACCESS_TOKEN=" + server.accessToken());
    if (tlsSelf) {
      System.out.println("export S2_SSL_NO_VERIFY=1");
    }
    if (dashboard) {
      System.out.println();
      System.out.println("or use the dashboard at " + endpoint + "/dashboard");
    }
    System.out.flush();
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("received {}, shutting down gracefully (at most {} s; a second signal exits at once)",
        stopSignal.get(), shutdownTimeoutSeconds);
    server.close();
    return 0;
  }

  private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ns|us|µs|ms|s|m)\\s*");

  /** A duration as s2-lite's SL8_* settings take it: a number and a unit (ns, us, ms, s, m). */
  private Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "invalid " + option + ": " + text + " (a number and a unit: ms, s...)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ns" -> Duration.ofNanos(n);
      case "us", "µs" -> Duration.ofNanos(n * 1000);
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** One line saying where the data lives and when an append is acknowledged. */
  private static String describe(StoreSettings storage) {
    if (!(storage.main() instanceof StoreLocation.LocalRoot) && !(storage.main() instanceof StoreLocation.Bucket)) {
      return "data in memory: lost when the server stops (--local-root DIR keeps it)";
    }
    String where = storage.main() instanceof StoreLocation.LocalRoot local
        ? local.dir().toAbsolutePath().normalize() + " (H2)"
        : "bucket " + ((StoreLocation.Bucket) storage.main()).name() + " (S3)";
    if (!storage.path().isEmpty()) {
      where += ", path " + storage.path();
    }
    if (storage.wal() instanceof StoreLocation.LocalRoot walRoot) {
      where += ", write-ahead log in " + walRoot.dir().toAbsolutePath().normalize();
    } else if (storage.wal() instanceof StoreLocation.Bucket walBucket) {
      where += ", write-ahead log in bucket " + walBucket.name();
    }
    return "data in " + where + ": appends acknowledged once durable, flush interval "
        + storage.effectiveFlushInterval().toMillis() + " ms, cache " + (storage.effectiveCacheBytes() >> 20) + " MiB";
  }

  /** Writes a self-signed certificate where clients can be pointed at it (NODE_EXTRA_CA_CERTS, curl --cacert). */
  private static Path writePem(TlsCertificate certificate) {
    try {
      Path dir = Files.createTempDirectory("s2lite-tls-");
      Path pem = dir.resolve("certificate.pem");
      Files.writeString(pem, certificate.certificatePem(), StandardCharsets.US_ASCII);
      pem.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return pem;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the certificate's PEM: " + e.getMessage(), e);
    }
  }

  /**
   * SIGTERM and SIGINT stop the server gracefully and the process exits 0 (with only a shutdown
   * hook, the JVM would exit 143 / 130); a second signal exits at once.
   */
  private static void onStopSignals(AtomicReference<String> received, CountDownLatch stopRequested) {
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> {
          if (received.compareAndSet(null, "SIG" + signal.getName())) {
            stopRequested.countDown();
          } else {
            LOG.warn("received SIG{} while stopping: exiting now", signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
          }
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // This JVM does not let us take the signal: its default (the shutdown hook) applies.
        LOG.debug("cannot handle SIG{}: {}", name, e.toString());
      }
    }
  }

  /** The version baked into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    static String current() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
      return new String[] {"s2lite " + current()};
    }
  }
}
