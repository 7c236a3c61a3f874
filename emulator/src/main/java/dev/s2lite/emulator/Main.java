package dev.s2lite.emulator;

import dev.s2lite.emulator.init.InitFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code java -jar s2lite.jar}: the emulator as a standalone server. */
@Command(
    name = "s2lite",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
        "An S2 (s2.dev) emulator: the S2 v1 API on one port, HTTP/1.1 and HTTP/2 cleartext.",
        "Point an S2 SDK or the s2 CLI at it with the three lines it prints on start."
    })
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

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

  @Option(names = "--housekeeping-period", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between passes of the background work: finishing deletions,"
          + " trims, retention expiry, delete-on-empty (default: ${DEFAULT-VALUE}).")
  long housekeepingSeconds;

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
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--port must be between 0 and 65535, got " + port);
    }
    if (housekeepingSeconds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--housekeeping-period must be at least 1 second, got " + housekeepingSeconds);
    }
    if (shutdownTimeoutSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--shutdown-timeout must not be negative, got " + shutdownTimeoutSeconds);
    }
    if (requestBodyTimeoutSeconds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--request-body-timeout must be at least 1 second, got " + requestBodyTimeoutSeconds);
    }
    long startNanos = System.nanoTime();
    S2LiteServer server;
    try {
      server = S2LiteServer.builder()
          .host(host)
          .port(port)
          .initFile(initFile)
          .cors(!noCors)
          .housekeepingPeriod(Duration.ofSeconds(housekeepingSeconds))
          .appendInflightBytes(Math.max(1L << 20, size(appendInflightBytes)))
          .requestBodyTimeout(Duration.ofSeconds(requestBodyTimeoutSeconds))
          .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds))
          .build()
          .start();
    } catch (InitFileException | IllegalStateException e) {
      System.err.println("s2lite: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicReference<String> stopSignal = new AtomicReference<>();
    onStopSignals(stopSignal, stopRequested);
    // Other ways the JVM may end (System.exit elsewhere, SIGHUP) still stop the server gracefully.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s2lite-shutdown"));
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    String endpoint = server.endpoint().toString();
    System.out.println("s2lite " + Version.current() + " listening on " + host + ":" + server.port()
        + " (HTTP/1.1 and h2c) in " + millis + " ms" + (initFile == null ? "" : ", applied " + initFile));
    System.out.println("export S2_ACCOUNT_ENDPOINT=" + endpoint);
    System.out.println("export S2_BASIN_ENDPOINT=" + endpoint);
    System.out.println("export S2_ACCESS_TOKEN=" + S2LiteServer.ACCESS_TOKEN);
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
