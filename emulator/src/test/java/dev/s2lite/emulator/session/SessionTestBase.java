package dev.s2lite.emulator.session;

import dev.s2lite.emulator.S2LiteServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One server per session test class, with a short heartbeat interval, and a fresh basin and stream {@code s} per test. */
abstract class SessionTestBase {

  static final Duration HEARTBEAT = Duration.ofMillis(300);
  private static final AtomicInteger SEQ = new AtomicInteger();

  static S2LiteServer server;
  static Api api;
  String basin;

  @BeforeAll
  static void startServer() {
    server = S2LiteServer.builder().heartbeatInterval(HEARTBEAT, HEARTBEAT).build().start();
    api = new Api(server.endpoint());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void createBasinAndStream() {
    basin = "session-" + SEQ.incrementAndGet();
    api.createBasin(basin, false);
    api.createStream(basin, "s");
  }
}
