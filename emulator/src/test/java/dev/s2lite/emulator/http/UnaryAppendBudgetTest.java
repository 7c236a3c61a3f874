package dev.s2lite.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.auth.AccessTokens;
import dev.s2lite.emulator.auth.MemoryAccessTokenStore;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.housekeeping.HeapReturn;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.metrics.Usage;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.session.AppendBudget;
import dev.s2lite.emulator.session.Sessions;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unary appends are admitted within the server-wide in-flight byte budget
 * ({@code --append-inflight-bytes}), as lite admits them, not only session inputs. The server is
 * assembled from its real parts so the test can hold the budget as another appender would.
 */
class UnaryAppendBudgetTest {

  private static final long BUDGET = 1024;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private MemoryStore store;
  private Sessions sessions;
  private HttpServer http;

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.systemUTC();
    ReentrantLock lock = new ReentrantLock();
    store = new MemoryStore();
    Engines engines = new Engines(store, clock, () -> {});
    Housekeeper housekeeper = new Housekeeper(store, engines, clock, lock, Duration.ZERO,
        new HeapReturn(() -> false, () -> {}));
    BasinService basins = new BasinService(store, clock, lock, housekeeper);
    StreamService streams = new StreamService(store, clock, lock, basins, housekeeper, engines);
    sessions = new Sessions(clock, Sessions.DEFAULT_HEARTBEAT_MIN, Sessions.DEFAULT_HEARTBEAT_MAX, BUDGET);
    ServerMetrics metrics = new ServerMetrics();
    RecordService records = new RecordService(store, basins, streams, engines, metrics);
    AccessTokens tokens = new AccessTokens(new MemoryAccessTokenStore(), clock, false, null);
    http = new HttpServer("127.0.0.1", 0, true, null, Duration.ofSeconds(30), HttpServer.DEFAULT_IDLE_TIMEOUT,
        List.of(), List.of(
            new AccessRoutes(tokens, new Usage(clock), metrics), new BasinRoutes(basins), new StreamRoutes(streams),
            new RecordRoutes(records, new SessionRoutes(records, sessions)))).start();
    assertThat(send("POST", "/v1/basins", null, "{\"basin\":\"budget-basin\"}").statusCode()).isEqualTo(201);
    assertThat(send("POST", "/v1/streams", "budget-basin", "{\"stream\":\"s\"}").statusCode()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    http.close();
    sessions.close();
    store.close();
  }

  @Test
  void aUnaryAppendWaitsWhileTheInFlightBudgetIsTakenAndIsAckedOnceItIsGivenBack() throws Exception {
    AppendBudget budget = sessions.appendBudget();
    assertThat(budget.acquire(BUDGET, () -> {})).as("the whole budget, taken as a slow appender would").isTrue();

    CompletableFuture<HttpResponse<String>> append = client.sendAsync(request("POST", "/v1/streams/s/records",
        "budget-basin", "{\"records\":[{\"body\":\"waits\"}]}"), HttpResponse.BodyHandlers.ofString());

    Thread.sleep(500);
    assertThat(append).as("not admitted while the budget is taken").isNotDone();
    budget.release(BUDGET);
    HttpResponse<String> ack = append.get(10, TimeUnit.SECONDS);
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(ack.body()).contains("\"start\":{\"seq_num\":0");
    assertThat(budget.acquire(BUDGET, () -> {})).as("the append gave its bytes back").isTrue();
  }

  private HttpResponse<String> send(String method, String path, String basin, String json) throws Exception {
    return client.send(request(method, path, basin, json), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String path, String basin, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
    if (basin != null) {
      b.header("s2-basin", basin);
    }
    return b.build();
  }
}
