package dev.s2lite.emulator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.S3Proxy;
import dev.s2lite.emulator.testing.StoreKind;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /dashboard/config.json} reports the storage a server runs on as s2-lite 0.43's does
 * (LITE-0.43 §2): {@code store} and {@code wal} as {@code {"kind": ...}} objects, {@code path},
 * and the flush interval in force.
 */
class DashboardConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static JsonNode config(S2LiteServer.Builder builder) throws Exception {
    try (S2LiteServer server = builder.port(0).build().start()) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/dashboard/config.json"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return JSON.readTree(r.body());
    }
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  @Test
  void inMemoryTheStoreIsMemoryWithoutWalPathOrTls() throws Exception {
    JsonNode config = config(S2LiteServer.builder());

    assertThat(config.get("store")).isEqualTo(json("{'kind': 'memory'}"));
    assertThat(config.get("wal").isNull()).isTrue();
    assertThat(config.get("path").asText()).isEmpty();
    assertThat(config.get("flush_interval_ms").asLong()).isEqualTo(5);
    assertThat(config.get("tls").asText()).isEqualTo("none");
  }

  @Test
  void aLocalRootIsReportedAsGivenWithThePathAndTheFlushIntervalSet() throws Exception {
    Path root = dir.resolve("data");

    JsonNode config = config(S2LiteServer.builder().localRoot(root).path("team/a").flushInterval(Duration.ofMillis(20)));

    assertThat(config.get("store")).isEqualTo(JSON.createObjectNode().put("kind", "local").put("root", root.toString()));
    assertThat(config.get("wal").isNull()).isTrue();
    assertThat(config.get("path").asText()).isEqualTo("team/a");
    assertThat(config.get("flush_interval_ms").asLong()).isEqualTo(20);
  }

  @Test
  void aBucketWithALocalWalReportsBothAndTheLocalFlushInterval() throws Exception {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(StoreKind.BUCKET);
    Path wal = dir.resolve("wal");
    String path = "config/" + UUID.randomUUID();

    JsonNode config = config(S2LiteServer.builder().bucket(StoreKind.BUCKET, path).walLocalRoot(wal)
        .environment(proxy.environment()));

    assertThat(config.get("store")).isEqualTo(json("{'kind': 's3', 'bucket': '" + StoreKind.BUCKET + "'}"));
    assertThat(config.get("wal")).isEqualTo(JSON.createObjectNode().put("kind", "local").put("root", wal.toString()));
    assertThat(config.get("path").asText()).isEqualTo(path);
    assertThat(config.get("flush_interval_ms").asLong()).as("s2-lite's default with the log on local disk").isEqualTo(5);
  }

  @Test
  void aBucketAloneFlushesEvery50Ms() throws Exception {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(StoreKind.BUCKET);

    JsonNode config = config(S2LiteServer.builder().bucket(StoreKind.BUCKET, "config/" + UUID.randomUUID())
        .environment(proxy.environment()));

    assertThat(config.get("store").get("kind").asText()).isEqualTo("s3");
    assertThat(config.get("wal").isNull()).isTrue();
    assertThat(config.get("flush_interval_ms").asLong()).isEqualTo(50);
  }
}
