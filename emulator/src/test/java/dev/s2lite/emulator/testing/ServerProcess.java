package dev.s2lite.emulator.testing;

import dev.s2lite.emulator.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code s2lite} as a real process (the test class path, as {@code java -jar s2lite.jar} would
 * run it), on 127.0.0.1 and a free port; its output goes to files in {@code logDir}, so it never
 * blocks on a full pipe. {@link #kill()} is {@code kill -9}.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final URI endpoint;

  private ServerProcess(Process process, Path stdout, Path stderr, URI endpoint) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.endpoint = endpoint;
  }

  /**
   * Starts the server and waits for its start banner.
   *
   * @param jvmOptions e.g. {@code -Xmx512m}
   * @param flags s2lite flags besides {@code --host} and {@code --port}
   */
  public static ServerProcess start(Path logDir, List<String> jvmOptions, List<String> flags) {
    return start(logDir, jvmOptions, flags, Map.of());
  }

  /**
   * Starts the server with these variables added to its environment (e.g. a {@link
   * StoreKind.Location#environment()}) and waits for its start banner.
   */
  public static ServerProcess start(Path logDir, List<String> jvmOptions, List<String> flags,
      Map<String, String> environment) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire runs tests from a manifest-only jar; this property holds the real class path.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, Main.class.getName(), "--host", "127.0.0.1", "--port", "0"));
    command.addAll(flags);
    try {
      Files.createDirectories(logDir);
      Path out = Files.createTempFile(logDir, "stdout", ".txt");
      Path err = Files.createTempFile(logDir, "stderr", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("S2LITE_") || k.startsWith("SL8_"));
      builder.environment().putAll(environment);
      Process process = builder.start();
      try {
        return new ServerProcess(process, out, err, awaitBanner(process, out, err));
      } catch (RuntimeException | Error e) {
        process.destroyForcibly();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URI awaitBanner(Process process, Path out, Path err) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String prefix = "export S2_ACCOUNT_ENDPOINT=";
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        if (line.startsWith(prefix)) {
          return URI.create(line.substring(prefix.length()).strip());
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("s2lite exited with " + process.exitValue() + " before serving: "
            + Files.readString(err) + Files.readString(out));
      }
      sleep(20);
    }
    throw new AssertionError("s2lite did not serve within " + START_TIMEOUT + "; stdout: " + Files.readString(out));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** {@code kill -9}: the process gets no chance to flush or close anything. */
  public void kill() {
    process.destroyForcibly();
    await();
  }

  /** What the server printed so far, for failure messages. */
  public String output() {
    try {
      return Files.readString(stdout) + Files.readString(stderr);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  private void await() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("s2lite did not exit within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server as Ctrl-C does (SIGTERM: a clean shutdown); kills it if that takes over 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
