package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.Api;
import dev.s2lite.emulator.testing.Transport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server on an S3 store, over HTTP: what it acknowledged is there after a restart on the same
 * bucket and path, and a server fenced by a newer writer answers as s2-lite's does (503 {@code
 * Fenced} on {@code /health}, {@code 500 storage} on everything that touches storage), and so
 * does one whose bucket stopped taking writes for longer than the retry timeout.
 */
class S3StoreServerTest {

  private static final AtomicS3Server server = AtomicS3Server.inMemory();

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void clearFaults() {
    server.clearFaults();
  }

  private static S2LiteServer start(S3Settings settings) {
    return S2LiteServer.builder().store(S3Store.open(settings)).build().start();
  }

  @Test
  void basinsStreamsAndRecordsSurviveARestartOnTheSameBucketAndPath() {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).build();
    try (Transport http = Transport.http1()) {
      try (S2LiteServer s2 = start(settings)) {
        Api api = new Api(s2, http);
        api.createBasin("my-basin-1", "{\"create_stream_on_append\":true}");
        api.createStream("my-basin-1", "orders/eu", "{\"retention_policy\":{\"infinite\":{}}}");
        api.appendBodies("my-basin-1", "orders/eu", "first", "second");
        api.appendBodies("my-basin-1", "auto", "created on append");
        Api.ok(api.append("my-basin-1", "orders/eu",
            "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"token-1\"}]}"));
      }
      try (S2LiteServer s2 = start(settings)) {
        Api api = new Api(s2, http);
        assertThat(api.bodies("my-basin-1", "orders/eu")).containsExactly("first", "second", "token-1");
        assertThat(api.tailSeqNum("my-basin-1", "orders/eu")).isEqualTo(3);
        assertThat(api.bodies("my-basin-1", "auto")).containsExactly("created on append");
        JsonNode stream = Api.ok(api.send("GET", "/v1/streams/orders%2Feu", null, "s2-basin", "my-basin-1")).json();
        assertThat(stream.at("/retention_policy/infinite").isObject()).isTrue();
        Transport.Reply fenced = api.append("my-basin-1", "orders/eu",
            "{\"records\":[{\"body\":\"x\"}],\"fencing_token\":\"wrong\"}");
        assertThat(fenced.status()).as("the fencing token survived").isEqualTo(412);
        Api.ok(api.append("my-basin-1", "orders/eu", "{\"records\":[{\"body\":\"third\"}],\"fencing_token\":\"token-1\"}"));
      }
    }
  }

  @Test
  void aServerFencedByANewerWriterAnswersAsS2LiteDoes() throws InterruptedException {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).build();
    try (Transport http = Transport.http1(); S2LiteServer older = start(settings)) {
      Api api = new Api(older, http);
      api.createBasin("my-basin-1", "{\"create_stream_on_append\":true}");
      api.appendBodies("my-basin-1", "s", "before");
      assertThat(api.send("GET", "/health", null).status()).isEqualTo(200);

      try (S3Store newer = S3Store.open(settings)) {
        Transport.Reply health = api.send("GET", "/health", null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (health.status() == 200 && System.nanoTime() < deadline) {
          Thread.sleep(50);
          health = api.send("GET", "/health", null);
        }
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.text()).isEqualTo("Fenced");
        assertThat(api.send("GET", "/ping", null).status()).isEqualTo(503);

        Transport.Reply append = api.append("my-basin-1", "s", "{\"records\":[{\"body\":\"after\"}]}");
        assertThat(append.status()).isEqualTo(500);
        assertThat(append.json().get("code").asText()).isEqualTo("storage");
        Transport.Reply list = api.send("GET", "/v1/basins", null);
        assertThat(list.status()).isEqualTo(500);
        assertThat(list.json().get("code").asText()).isEqualTo("storage");

        assertThat(newer.basin("my-basin-1")).isPresent();
      }
    }
  }

  @Test
  void aServerWhoseBucketStopsTakingWritesAnswers500StorageAndItsHealth503() {
    S3Settings settings = TestStores.on(server, TestStores.uniquePath()).retryTimeout(Duration.ofSeconds(1)).build();
    try (Transport http = Transport.http1(); S2LiteServer s2 = start(settings)) {
      Api api = new Api(s2, http);
      api.createBasin("my-basin-1", "{\"create_stream_on_append\":true}");
      api.appendBodies("my-basin-1", "s", "acked");
      server.fail(r -> r.method().equals("PUT"), 503, Integer.MAX_VALUE);

      Transport.Reply append = api.append("my-basin-1", "s", "{\"records\":[{\"body\":\"never acked\"}]}");

      assertThat(append.status()).as(append.text()).isEqualTo(500);
      assertThat(append.json().get("code").asText()).isEqualTo("storage");
      Transport.Reply health = api.send("GET", "/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.text()).contains("storage lost");
      Transport.Reply read = api.read("my-basin-1", "s", "seq_num=0");
      assertThat(read.status()).as(read.text()).isEqualTo(500);
      assertThat(read.json().get("code").asText()).isEqualTo("storage");
      Transport.Reply create = api.send("POST", "/v1/basins", Api.bytes("{\"basin\":\"my-basin-2\"}"),
          "content-type", "application/json");
      assertThat(create.status()).as(create.text()).isEqualTo(500);
      assertThat(create.json().get("code").asText()).isEqualTo("storage");
    }
    server.clearFaults();
    try (Transport http = Transport.http1(); S2LiteServer s2 = start(settings)) {
      assertThat(new Api(s2, http).bodies("my-basin-1", "s")).as("what was acknowledged").containsExactly("acked");
    }
  }
}
