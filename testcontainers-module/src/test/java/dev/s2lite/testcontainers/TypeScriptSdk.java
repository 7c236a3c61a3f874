package dev.s2lite.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official TypeScript SDK as a child process: the Node package in {@code interop/typescript}
 * (its pinned {@code @s2-dev/streamstore}), installed with {@code npm ci} when missing or stale.
 * Needs node 20+ and npm on the PATH; without them tests fail, they do not skip.
 */
final class TypeScriptSdk {

  private static final Path PROJECT = Path.of(System.getProperty("s2lite.interop.typescript",
      Path.of("..", "interop", "typescript").toString())).toAbsolutePath().normalize();
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final String NPM = System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";

  private TypeScriptSdk() {}

  /** A finished process: exit code and its output (stdout and stderr together). */
  record Run(int exitCode, String output) {}

  /** Runs a {@code node --test} file of the package with this environment added. */
  static Run nodeTest(String file, Map<String, String> environment) {
    install();
    return run(List.of("node", "--test", "--test-reporter=spec", file), environment, RUN_TIMEOUT);
  }

  /** One install at a time: test classes running in parallel share the package. */
  private static synchronized void install() {
    if (!Files.isRegularFile(PROJECT.resolve("package-lock.json"))) {
      throw new IllegalStateException("no Node package at " + PROJECT + " (set -Ds2lite.interop.typescript)");
    }
    if (installIsStale()) {
      Run install = run(List.of(NPM, "ci", "--no-audit", "--no-fund", "--prefer-offline"), Map.of(), INSTALL_TIMEOUT);
      if (install.exitCode() != 0) {
        throw new IllegalStateException("npm ci in " + PROJECT + " failed:\n" + install.output());
      }
    }
  }

  /** True when node_modules is missing or older than the lock file (a changed pin). */
  private static boolean installIsStale() {
    Path installed = PROJECT.resolve("node_modules").resolve(".package-lock.json");
    try {
      if (!Files.isRegularFile(installed)) {
        return true;
      }
      FileTime lock = Files.getLastModifiedTime(PROJECT.resolve("package-lock.json"));
      return Files.getLastModifiedTime(installed).compareTo(lock) < 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Run run(List<String> command, Map<String, String> environment, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
    builder.environment().put("NO_COLOR", "1");
    builder.environment().putAll(environment);
    try {
      Path output = Files.createTempFile("s2lite-node-", ".log");
      try {
        Process process = builder.redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
              + "; killed it. Output:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command)
          + " (node 20+ and npm must be on the PATH)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
