package dev.s2lite.emulator.testing;

import dev.s2lite.emulator.store.s3.AwsSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy (a real S3-compatible server, from Maven Central) as a separate process on loopback,
 * with its in-memory backend: one per test JVM, started on first use, stopped when the JVM
 * exits. Its jar is copied to {@code target/s3proxy} by the build ({@code s3proxy.jar} system
 * property). The store tests, the suites on {@link StoreKind#S3} and the crash harness share it,
 * each on a path of its own. s3proxy's conditional writes are not atomic under races: races are
 * tested against {@code store.s3.AtomicS3Server}.
 */
public final class S3Proxy {

  public static final String IDENTITY = "local-identity";
  public static final String CREDENTIAL = "local-credential";
  private static final Pattern LISTENING = Pattern.compile("ServerConnector@\\S*\\{[^}]*\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static S3Proxy shared;

  private final Process process;
  private final URI endpoint;

  private S3Proxy(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The JVM's s3proxy, started if needed. */
  public static synchronized S3Proxy shared() {
    if (shared == null) {
      shared = start();
      S3Proxy started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> started.process.destroyForcibly()));
    }
    return shared;
  }

  private static S3Proxy start() {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("s3proxy.jar not found (" + jar + "): run the tests through Maven,"
          + " which copies it to emulator/target/s3proxy");
    }
    try {
      Path config = Files.createTempFile("s3proxy", ".conf");
      Files.writeString(config, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:0",
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + IDENTITY,
          "s3proxy.credential=" + CREDENTIAL,
          "jclouds.provider=transient",
          "jclouds.identity=unused",
          "jclouds.credential=unused",
          ""));
      config.toFile().deleteOnExit();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-jar", jar, "--properties", config.toString())
          .redirectErrorStream(true)
          .start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      List<String> output = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (output) {
              if (output.size() < 200) {
                output.add(line);
              }
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (IOException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("s3proxy exited"));
      }, "s3proxy-output");
      reader.setDaemon(true);
      reader.start();
      int bound;
      try {
        bound = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        synchronized (output) {
          throw new IllegalStateException("s3proxy did not start: " + e + "\n" + String.join("\n", output), e);
        }
      }
      return new S3Proxy(process, URI.create("http://127.0.0.1:" + bound));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** How the S3 store reaches it. */
  public AwsSettings aws() {
    return new AwsSettings(endpoint, "us-east-1", new AwsSettings.StaticCredentials(IDENTITY, CREDENTIAL, null), false);
  }

  /**
   * The standard AWS variables that point a process (or {@code S2LiteServer.Builder.environment})
   * at this server: endpoint, region and static keys.
   */
  public Map<String, String> environment() {
    return Map.of("AWS_ENDPOINT_URL_S3", endpoint.toString(), "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
  }

  /** Creates the bucket if it does not exist. */
  public void createBucket(String name) {
    try (S3Client client = S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .build()) {
      if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
        client.createBucket(b -> b.bucket(name));
      }
    }
  }
}
