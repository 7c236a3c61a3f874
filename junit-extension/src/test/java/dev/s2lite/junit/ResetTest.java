package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** reset() forgets everything, and never pulls the server from under a test running beside it. */
class ResetTest {

  private static final Map<String, String> PARALLEL = Map.of(
      "junit.jupiter.execution.parallel.enabled", "true",
      "junit.jupiter.execution.parallel.config.strategy", "fixed",
      "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

  @Test
  void resetForgetsTheBasinsOfTheInitFileAndOfTheTests() {
    Kit.Run run = Kit.run(ForgetsCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void resetWaitsForTheTestsRunningBesideItToFinish() {
    Kit.Run run = Kit.run(PARALLEL, ConcurrentResetCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(ConcurrentResetCase.resetDone.get())
        .as("the reset ran after the other test's @AfterEach")
        .isGreaterThan(ConcurrentResetCase.holderDone.get());
  }

  @Test
  void resetInBeforeEachThroughAnInfoFromBeforeAllDoesNotWaitForItself() {
    Kit.Run run = Kit.run(PARALLEL, ResetInBeforeEachCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
  }

  @S2Lite(initFile = "s2/orders.json")
  static class ForgetsCase {
    @Test
    void forgetsEveryBasin(S2LiteInfo s2) {
      S2Http.createBasin(s2.endpoint(), s2.uniqueBasinName());
      assertThat(S2Http.listBasins(s2.endpoint(), "")).hasSize(2);

      s2.reset();

      assertThat(S2Http.listBasins(s2.endpoint(), "")).isEmpty();
    }
  }

  @S2Lite
  @Execution(ExecutionMode.CONCURRENT)
  @Timeout(30)
  static class ConcurrentResetCase {
    static final CountDownLatch created = new CountDownLatch(1);
    static final AtomicLong holderDone = new AtomicLong();
    static final AtomicLong resetDone = new AtomicLong();

    @Test
    void holder(S2LiteInfo s2) throws InterruptedException {
      assertThat(S2Http.createBasin(s2.endpoint(), "holder-basin")).isEqualTo(201);
      created.countDown();
      // The other test resets meanwhile; without the gate the basin would be gone.
      Thread.sleep(300);
      assertThat(S2Http.listBasins(s2.endpoint(), "holder-")).containsExactly("holder-basin");
    }

    @AfterEach
    void markTheEnd(org.junit.jupiter.api.TestInfo test) {
      if (test.getTestMethod().orElseThrow().getName().equals("holder")) {
        holderDone.set(System.nanoTime());
      }
    }

    @Test
    void resetter(S2LiteInfo s2) throws InterruptedException {
      assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
      s2.reset();
      resetDone.set(System.nanoTime());
      assertThat(S2Http.listBasins(s2.endpoint(), "holder-")).isEmpty();
    }
  }

  @S2Lite
  @Execution(ExecutionMode.CONCURRENT)
  @Timeout(30)
  static class ResetInBeforeEachCase {
    static S2LiteInfo server;

    @BeforeAll
    static void keep(S2LiteInfo s2) {
      server = s2;
    }

    @BeforeEach
    void clean() {
      server.reset();
    }

    @Test
    void one() {
      assertThat(S2Http.createBasin(server.endpoint(), "isolated-basin")).isEqualTo(201);
      assertThat(S2Http.listBasins(server.endpoint(), "")).containsExactly("isolated-basin");
    }

    @Test
    void two() {
      assertThat(S2Http.createBasin(server.endpoint(), "isolated-basin")).isEqualTo(201);
      assertThat(S2Http.listBasins(server.endpoint(), "")).containsExactly("isolated-basin");
    }

    @Test
    void three() {
      assertThat(S2Http.createBasin(server.endpoint(), "isolated-basin")).isEqualTo(201);
      assertThat(S2Http.listBasins(server.endpoint(), "")).containsExactly("isolated-basin");
    }
  }
}
