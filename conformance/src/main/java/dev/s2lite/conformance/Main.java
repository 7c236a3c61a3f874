package dev.s2lite.conformance;

import dev.s2lite.emulator.S2LiteServer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar s2lite-conformance.jar}: runs the conformance suite and writes its reports. */
@Command(name = "s2lite-conformance", mixinStandardHelpOptions = true, version = "s2lite-conformance 0.1.0",
    description = {
        "Runs the S2 v1 API conformance suite and reports where the server differs.",
        "With no endpoint it starts an embedded s2lite emulator. With --endpoint (or the "
            + "S2_ACCOUNT_ENDPOINT / S2_BASIN_ENDPOINT / S2_ACCESS_TOKEN environment, as the SDKs read it) "
            + "it runs against that server: basins it makes are named <run prefix>NNNN and deleted at the end."},
    sortOptions = false)
public final class Main implements Callable<Integer> {

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Account and basin endpoint in one (s2-lite, the emulator's jar): e.g. http://localhost:8080")
  String endpoint;

  @Option(names = "--account-endpoint", paramLabel = "URL", description = "Account endpoint (default $S2_ACCOUNT_ENDPOINT).")
  String accountEndpoint;

  @Option(names = "--basin-endpoint", paramLabel = "URL",
      description = "Basin endpoint (default $S2_BASIN_ENDPOINT); one starting with {basin}. puts the basin in the host name.")
  String basinEndpoint;

  @Option(names = "--access-token", paramLabel = "TOKEN", description = "Bearer token (default $S2_ACCESS_TOKEN, else 'ignored').")
  String accessToken;

  @Option(names = "--embedded", description = "Start an embedded emulator even if S2_ACCOUNT_ENDPOINT is set.")
  boolean embedded;

  @Option(names = "--target", paramLabel = "KIND",
      description = "What the server is: emulator, lite or cloud (default: emulator when embedded, cloud for {basin}. or *.s2.dev endpoints, else lite).")
  String targetKind;

  @Option(names = "--area", split = ",", paramLabel = "AREA", description = "Run only these areas (comma-separated).")
  List<String> areas = new ArrayList<>();

  @Option(names = "--case", split = ",", paramLabel = "ID",
      description = "Run only cases whose id matches (a * matches anything; a plain value matches an id prefix).")
  List<String> caseIds = new ArrayList<>();

  @Option(names = "--list", description = "List the cases (id, targets, title) and exit.")
  boolean list;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "Where report.md and junit.xml go (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("s2lite-conformance-report");

  @Option(names = "--max-rps", paramLabel = "N",
      description = "At most N requests per second (default: unbounded embedded, 20 against an endpoint).")
  Double maxRps;

  @Option(names = "--parallel", paramLabel = "N", description = "Cases run at once (default: 4 embedded, 2 against an endpoint).")
  Integer parallel;

  @Option(names = "--case-timeout", paramLabel = "SECONDS", description = "A case without a verdict by then fails (default: ${DEFAULT-VALUE}).")
  int caseTimeout = 30;

  private final PrintStream out;

  public Main() {
    this(System.out);
  }

  Main(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // The embedded emulator's own log lines would drown the progress display.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Case> cases = select(Suite.all().cases());
    if (list) {
      for (Case c : cases) {
        out.printf(Locale.ROOT, "%-60s %-22s %s%n", c.id(), c.targetsLabel(), c.title());
      }
      out.println(cases.size() + " cases");
      return 0;
    }
    String account = endpoint != null ? endpoint : accountEndpoint != null ? accountEndpoint : env("S2_ACCOUNT_ENDPOINT");
    String basin = endpoint != null ? endpoint : basinEndpoint != null ? basinEndpoint : env("S2_BASIN_ENDPOINT");
    if (embedded || account == null) {
      try (S2LiteServer server = S2LiteServer.builder()
          .heartbeatInterval(Duration.ofMillis(500), Duration.ofMillis(1000)).build().start()) {
        out.println("started an embedded s2lite emulator at " + server.endpoint());
        Target target = new Target(kind(TargetKind.EMULATOR, null), server.endpoint(),
            server.endpoint().toString(), S2LiteServer.ACCESS_TOKEN);
        return run(target, cases, maxRps == null ? 0 : maxRps, parallel == null ? 4 : parallel);
      }
    }
    if (basin == null) {
      basin = account;
    }
    String token = accessToken != null ? accessToken : env("S2_ACCESS_TOKEN");
    Target target = new Target(kind(null, basin), URI.create(withScheme(account)), withScheme(basin),
        token == null ? "ignored" : token);
    return run(target, cases, maxRps == null ? 20 : maxRps, parallel == null ? 2 : parallel);
  }

  private int run(Target target, List<Case> cases, double rps, int workers) throws Exception {
    RunResources resources = new RunResources();
    Runner runner = new Runner(target, resources, KnownGaps.load(), rps, workers,
        Duration.ofSeconds(caseTimeout), out);
    out.println("running " + cases.size() + " cases against " + target.describe()
        + "; basins of this run: " + resources.prefix() + "*");
    Thread cleanupOnExit = new Thread(() -> Cleanup.run(runner, resources, out), "conformance-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    List<Result> results;
    try {
      results = runner.run(cases);
    } finally {
      Cleanup.run(runner, resources, out);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook runs (and finds the cleanup done).
      }
    }
    Reports reports = new Reports(target, results, runner.validator());
    reports.summary(out);
    reports.writeJunit(reportDir.resolve("junit.xml"));
    reports.writeMarkdown(reportDir.resolve("report.md"));
    out.println("reports: " + reportDir.resolve("report.md") + ", " + reportDir.resolve("junit.xml"));
    return reports.count(Result.Outcome.FAILED) == 0 ? 0 : 1;
  }

  private TargetKind kind(TargetKind embeddedDefault, String basin) {
    if (targetKind != null) {
      return TargetKind.parse(targetKind);
    }
    if (embeddedDefault != null) {
      return embeddedDefault;
    }
    boolean cloud = basin.contains(Target.BASIN_PLACEHOLDER) || URI.create(withScheme(basin)
        .replace(Target.BASIN_PLACEHOLDER, "b")).getHost().endsWith(".s2.dev");
    return cloud ? TargetKind.CLOUD : TargetKind.LITE;
  }

  /** As the SDKs: an endpoint without a scheme is https. */
  private static String withScheme(String endpoint) {
    return endpoint.contains("://") ? endpoint : "https://" + endpoint;
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  List<Case> select(List<Case> all) {
    List<Case> out = new ArrayList<>();
    for (Case c : all) {
      boolean area = areas.isEmpty() || areas.contains(c.area());
      boolean id = caseIds.isEmpty() || caseIds.stream().anyMatch(p -> matches(p, c.id()));
      if (area && id) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean matches(String pattern, String id) {
    if (!pattern.contains("*")) {
      return id.startsWith(pattern);
    }
    return id.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
  }
}
