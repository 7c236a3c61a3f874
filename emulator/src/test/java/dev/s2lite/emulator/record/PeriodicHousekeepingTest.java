package dev.s2lite.emulator.record;

import static dev.s2lite.emulator.testing.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.Api;
import dev.s2lite.emulator.testing.Transport;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Background work on its own, with a short period: nobody calls runHousekeeping() here. */
class PeriodicHousekeepingTest {

  S2LiteServer server;
  Api api;

  @BeforeEach
  void start() {
    server = S2LiteServer.builder().port(0).housekeepingPeriod(Duration.ofMillis(200)).build().start();
    api = new Api(server, Transport.http1());
    api.createBasin("periodic-basin", null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aDeletedStreamDisappearsWithoutManualHousekeeping() throws Exception {
    api.createStream("periodic-basin", "s", null);
    api.appendBodies("periodic-basin", "s", "a");
    assertThat(api.send("DELETE", "/v1/streams/s", null, "s2-basin", "periodic-basin").status()).isEqualTo(202);
    eventually(() -> api.tail("periodic-basin", "s").status() == 404);
  }

  @Test
  void trimmedRecordsAreDeletedInTheBackground() throws Exception {
    api.createStream("periodic-basin", "s", null);
    api.appendBodies("periodic-basin", "s", "a", "b", "c");
    ok(api.append("periodic-basin", "s",
        "{\"records\":[{\"headers\":[[\"\",\"dHJpbQ==\"]],\"body\":\"AAAAAAAAAAI=\"}]}", "s2-format", "base64"));
    eventually(() -> api.bodies("periodic-basin", "s").size() == 2);
    assertThat(api.tailSeqNum("periodic-basin", "s")).isEqualTo(4);
  }
}
