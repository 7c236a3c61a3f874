package dev.s2lite.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Container costs, printed, not asserted. Not part of the build (no IT suffix); run by hand with
 * a Docker engine and the image built (as {@code mvn verify} of this module does):
 * {@code mvn -B -ntp -pl testcontainers-module verify -Dit.test=S2LiteContainerBench
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
class S2LiteContainerBench {

  private static final int RUNS = 10;
  private static final int WARMUP = 3;
  private static final Duration POLL = Duration.ofMillis(10);

  @Test
  void startToFirstServedRequestThroughS2LiteContainer() {
    report("S2LiteContainer: start() -> first GET /v1/basins served", () -> {
      long t0 = System.nanoTime();
      try (S2LiteContainer s2 = new S2LiteContainer()) {
        s2.start();
        assertThat(new S2Http(s2.getEndpoint()).get("/v1/basins", Map.of()).status()).isEqualTo(200);
        return System.nanoTime() - t0;
      }
    });
  }

  @Test
  void startToFirstServedRequestOfTheImagePolledEvery10Ms() {
    DockerImageName image = DockerImageName.parse(S2LiteContainer.IMAGE).withTag(S2LiteContainer.Version.current());
    report("image: start() -> first GET /v1/basins served (polled every 10 ms)", () -> {
      try (GenericContainer<?> container = new GenericContainer<>(image).withExposedPorts(S2LiteContainer.PORT)
          .waitingFor(new FirstServedRequest())) {
        long t0 = System.nanoTime();
        container.start();
        return System.nanoTime() - t0;
      }
    });
  }

  /** Ready once GET /v1/basins answers 200, asked every 10 ms (no rate limiter). */
  private static final class FirstServedRequest extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      S2Http http = new S2Http(URI.create("http://" + waitStrategyTarget.getHost() + ":"
          + waitStrategyTarget.getMappedPort(S2LiteContainer.PORT)));
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (!served(http)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not serving within " + startupTimeout);
        }
        sleep(POLL);
      }
    }
  }

  @Test
  void resetOfAContainerHoldingTenBasinsOfAThousandRecords() {
    try (S2LiteContainer s2 = new S2LiteContainer()) {
      s2.start();
      S2Http http = new S2Http(s2.getEndpoint());
      report("reset() of 10 basins x 1 stream x 1000 records", () -> {
        for (int b = 0; b < 10; b++) {
          String basin = S2LiteContainerContract.uniqueBasin("bench");
          http.createBasin(basin);
          http.createStream(basin, "s");
          for (int batch = 0; batch < 10; batch++) {
            http.append(basin, "s", Collections.nCopies(100, "x".repeat(100)).toArray(String[]::new));
          }
        }
        long t0 = System.nanoTime();
        s2.reset();
        return System.nanoTime() - t0;
      });
      report("reset() of an empty emulator", () -> {
        long t0 = System.nanoTime();
        s2.reset();
        return System.nanoTime() - t0;
      });
    }
  }

  private static boolean served(S2Http http) {
    try {
      return http.get("/v1/basins", Map.of()).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void report(String what, LongSupplier nanos) {
    for (int i = 0; i < WARMUP; i++) {
      nanos.getAsLong();
    }
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      samples.add(nanos.getAsLong());
    }
    Collections.sort(samples);
    System.out.printf("%-72s median %8.1f ms (min %8.1f, max %8.1f; %d runs)%n", what,
        (samples.get(RUNS / 2 - 1) + samples.get(RUNS / 2)) / 2e6, samples.get(0) / 1e6, samples.get(RUNS - 1) / 1e6, RUNS);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
