package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Many tests at once on one shared server (parallel execution is enabled in this module's
 * junit-platform.properties): each creates and lists its own basin over HTTP while others reset
 * the server; no test ever loses its basin mid-test.
 */
@S2Lite
@Execution(ExecutionMode.CONCURRENT)
@Timeout(60)
class ParallelExampleTest {

  private static final int LIST_CALLS = 10;
  private static final AtomicInteger inFlight = new AtomicInteger();
  private static final AtomicInteger mostInFlight = new AtomicInteger();

  @BeforeEach
  void enter() {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  @AfterEach
  void leave() {
    inFlight.decrementAndGet();
  }

  @RepeatedTest(32)
  void createsItsBasinAndKeepsSeeingItWhileOthersReset(S2LiteInfo s2, RepetitionInfo repetition) {
    if (repetition.getCurrentRepetition() % 4 == 0) {
      s2.reset();
    }
    String basin = s2.uniqueBasinName();

    assertThat(S2Http.createBasin(s2.endpoint(), basin)).isEqualTo(201);
    for (int i = 0; i < LIST_CALLS; i++) {
      assertThat(S2Http.listBasins(s2.endpoint(), basin)).containsExactly(basin);
    }
  }

  @AfterAll
  static void testsDidRunAtTheSameTime() {
    assertThat(mostInFlight.get()).as("most tests in flight at once").isGreaterThan(1);
  }
}
