package dev.s2lite.emulator.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.tls.TlsCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the Node suite in {@code interop/typescript} (the official TypeScript SDK, pinned in its
 * package-lock.json) against emulators in this JVM: one as s2-lite runs (any token accepted), one
 * checking access tokens ({@code --auth}) and one speaking HTTPS with a self-signed certificate. Needs {@code node} (20+) and {@code npm} on
 * the PATH; without them the test fails rather than skips, because CI must run it.
 */
class TypeScriptSdkInteropTest {

  private static final Path PROJECT = Path.of(System.getProperty("user.dir"))
      .resolveSibling("interop").resolve("typescript");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(3);
  private static final int MIN_NODE_MAJOR = 20;
  private static final int FAILURE_TAIL_LINES = 80;
  private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

  private static S2LiteServer server;
  /** Checks access tokens, for tests/access-tokens.test.mjs. */
  private static S2LiteServer authServer;
  /** Speaks HTTPS with a self-signed certificate, for tests/tls.test.mjs. */
  private static S2LiteServer tlsServer;
  private static Path certificatePem;

  @BeforeAll
  static void startEmulator() throws IOException {
    server = S2LiteServer.builder().port(0).build().start();
    authServer = S2LiteServer.builder().port(0).auth(true).build().start();
    tlsServer = S2LiteServer.builder().port(0).tls(TlsCertificate.selfSigned()).build().start();
    certificatePem = Files.createTempFile("s2lite-interop-", ".pem");
    Files.writeString(certificatePem, tlsServer.tlsCertificate().certificatePem());
  }

  @AfterAll
  static void stopEmulator() throws IOException {
    for (S2LiteServer s : new S2LiteServer[] {server, authServer, tlsServer}) {
      if (s != null) {
        s.close();
      }
    }
    if (certificatePem != null) {
      Files.deleteIfExists(certificatePem);
    }
  }

  @Test
  void officialTypeScriptSdkPassesTheInteropSuite() throws Exception {
    assertThat(PROJECT.resolve("package-lock.json"))
        .as("the Node project of the interop suite").isRegularFile();
    requireNode();
    if (installIsStale()) {
      Run install = run(List.of(npm(), "ci", "--no-audit", "--no-fund", "--prefer-offline"),
          Map.of(), INSTALL_TIMEOUT);
      assertThat(install.exitCode()).as("npm ci in %s failed:%n%s", PROJECT, install.tail()).isZero();
    }

    Run suite = run(List.of("node", "--test", "--test-reporter=spec"), Map.of(
        "S2_ACCOUNT_ENDPOINT", server.accountEndpoint().toString(),
        "S2_BASIN_ENDPOINT", server.basinEndpoint().toString(),
        "S2_ACCESS_TOKEN", S2LiteServer.ACCESS_TOKEN,
        "S2_AUTH_ENDPOINT", authServer.endpoint().toString(),
        "S2_AUTH_ROOT_TOKEN", authServer.accessToken(),
        "S2_TLS_ENDPOINT", tlsServer.endpoint().toString(),
        // Node trusts the self-signed certificate as a CA only through this variable.
        "NODE_EXTRA_CA_CERTS", certificatePem.toString()), SUITE_TIMEOUT);

    assertThat(suite.exitCode())
        .as("node --test in %s against %s failed:%n%s", PROJECT, server.endpoint(), suite.tail())
        .isZero();
    // The token, TLS and metrics suites skip themselves when their variables are missing: none may.
    assertThat(suite.lastLines()).as("node --test's summary:%n%s", suite.tail()).contains("ℹ skipped 0");
  }

  private static void requireNode() throws InterruptedException {
    Run version;
    try {
      version = run(List.of("node", "--version"), Map.of(), Duration.ofSeconds(30));
    } catch (UncheckedIOException e) {
      throw new AssertionError("node is not on the PATH: install Node.js " + MIN_NODE_MAJOR
          + "+ (with npm) to run the TypeScript SDK interop suite in " + PROJECT, e);
    }
    String output = version.tail().strip();
    assertThat(output).as("node --version").matches("v\\d+\\..*");
    int major = Integer.parseInt(output.substring(1, output.indexOf('.')));
    assertThat(major).as("Node.js major version (the suite needs %s+)", MIN_NODE_MAJOR)
        .isGreaterThanOrEqualTo(MIN_NODE_MAJOR);
  }

  /** True when node_modules is missing or older than the lock file (a changed pin). */
  private static boolean installIsStale() throws IOException {
    Path installed = PROJECT.resolve("node_modules").resolve(".package-lock.json");
    if (!Files.isRegularFile(installed)) {
      return true;
    }
    FileTime lock = Files.getLastModifiedTime(PROJECT.resolve("package-lock.json"));
    return Files.getLastModifiedTime(installed).compareTo(lock) < 0;
  }

  private static String npm() {
    return WINDOWS ? "npm.cmd" : "npm";
  }

  /** Output lines of a finished process (the last few) and its exit code. */
  private record Run(int exitCode, Deque<String> lastLines) {
    String tail() {
      return String.join(System.lineSeparator(), lastLines);
    }
  }

  /**
   * Runs a command in the Node project, copying its output to this test's output (the Maven log),
   * and kills it with its children once {@code timeout} has passed.
   *
   * @throws UncheckedIOException if the command cannot be started (e.g. not on the PATH)
   */
  private static Run run(List<String> command, Map<String, String> env, Duration timeout)
      throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
        .redirectErrorStream(true);
    builder.environment().put("NO_COLOR", "1");
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
    Deque<String> lastLines = new ArrayDeque<>();
    String prefix = "[" + command.get(0) + "] ";
    Thread pump = new Thread(() -> copyOutput(process, prefix, lastLines), "output of " + command.get(0));
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      pump.join(Duration.ofSeconds(5).toMillis());
      fail("%s did not finish within %s; killed it. Last output:%n%s",
          String.join(" ", command), timeout, String.join(System.lineSeparator(), snapshot(lastLines)));
    }
    pump.join(Duration.ofSeconds(10).toMillis());
    return new Run(process.exitValue(), snapshot(lastLines));
  }

  private static void copyOutput(Process process, String prefix, Deque<String> lastLines) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        System.out.println(prefix + line);
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > FAILURE_TAIL_LINES) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process was killed while we were reading; its fate is reported by run().
    }
  }

  private static Deque<String> snapshot(Deque<String> lastLines) {
    synchronized (lastLines) {
      return new ArrayDeque<>(lastLines);
    }
  }
}
