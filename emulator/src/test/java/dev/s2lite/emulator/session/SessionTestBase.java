package dev.s2lite.emulator.session;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.StoreKind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One server per session test class and {@link StoreKind} (every test runs on each), with a short
 * heartbeat interval, and a fresh basin and stream {@code s} per test.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreKind.class)
abstract class SessionTestBase {

  static final Duration HEARTBEAT = Duration.ofMillis(300);
  private static final AtomicInteger SEQ = new AtomicInteger();

  static S2LiteServer server;

  @Parameter
  StoreKind store;
  static Api api;
  String basin;

  @BeforeParameterizedClassInvocation
  static void startServer(StoreKind store) {
    server = store.newLocation().configure(S2LiteServer.builder().heartbeatInterval(HEARTBEAT, HEARTBEAT))
        .build().start();
    api = new Api(server.endpoint());
  }

  @AfterParameterizedClassInvocation
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
