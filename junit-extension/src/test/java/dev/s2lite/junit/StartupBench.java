package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.junit.S2Lite.Lifecycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Start-up costs on a warm JVM, printed, not asserted. Excluded from the build; run by hand:
 * {@code mvn -pl junit-extension -am test -Dtest=StartupBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
class StartupBench {

  private static final int WARMUP = 10;
  private static final int RUNS = 25;
  private static final int TESTS_PER_CLASS = 20;

  @Test
  void classScopeFromBeforeAllToAServedFirstRequest() {
    report("class scope: beforeAll -> first request served", () -> {
      Kit.Run run = Kit.run(FirstRequestCase.class);
      long beforeAll = run.events().stream()
          .filter(e -> e.kind() == ServerEvents.Kind.BEFORE_ALL).findFirst().orElseThrow().nanoTime();
      return FirstRequestCase.served - beforeAll;
    });
  }

  @Test
  void methodScopeCostPerTest() {
    List<Long> perClass = samples(() -> wall(PerClassCase.class));
    List<Long> perMethod = samples(() -> wall(PerMethodCase.class));
    long costPerTest = (median(perMethod) - median(perClass)) / TESTS_PER_CLASS;
    System.out.printf("%-52s median %6.1f ms (%d tests per class: per class %6.1f ms, per method %6.1f ms)%n",
        "method scope: extra cost per test", costPerTest / 1e6, TESTS_PER_CLASS,
        median(perClass) / 1e6, median(perMethod) / 1e6);
  }

  @Test
  void whereTheTimeGoesWithoutJUnit() {
    long[] parts = new long[4];
    report("embedded: build + start + first request + close", () -> {
      long t0 = System.nanoTime();
      S2LiteServer server = S2LiteServer.builder().port(0).build();
      long t1 = System.nanoTime();
      server.start();
      long t2 = System.nanoTime();
      assertThat(S2Http.listBasins(server.endpoint(), "")).isEmpty();
      long t3 = System.nanoTime();
      server.close();
      long t4 = System.nanoTime();
      parts[0] += t1 - t0;
      parts[1] += t2 - t1;
      parts[2] += t3 - t2;
      parts[3] += t4 - t3;
      return t4 - t0;
    });
    int n = WARMUP + RUNS;
    System.out.printf("  mean: build (Javalin.create) %.1f ms, start (Jetty) %.1f ms, first request %.1f ms, close %.1f ms%n",
        parts[0] / 1e6 / n, parts[1] / 1e6 / n, parts[2] / 1e6 / n, parts[3] / 1e6 / n);
  }

  private static long wall(Class<?> testClass) {
    long start = System.nanoTime();
    Kit.Run run = Kit.run(testClass);
    long took = System.nanoTime() - start;
    run.results().testEvents().assertStatistics(s -> s.failed(0));
    return took;
  }

  private static void report(String what, LongSupplier sample) {
    long first = sample.getAsLong();
    List<Long> samples = samples(sample);
    System.out.printf("%-52s median %6.1f ms, min %6.1f ms, max %6.1f ms (%d runs after %d warm-up; first %.1f ms)%n",
        what, median(samples) / 1e6, Collections.min(samples) / 1e6, Collections.max(samples) / 1e6,
        RUNS, WARMUP, first / 1e6);
  }

  private static List<Long> samples(LongSupplier sample) {
    for (int i = 0; i < WARMUP; i++) {
      sample.getAsLong();
    }
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      samples.add(sample.getAsLong());
    }
    return samples;
  }

  private static long median(List<Long> samples) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  @S2Lite
  static class FirstRequestCase {
    static volatile long served;

    @Test
    void firstRequest(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "")).isEmpty();
      served = System.nanoTime();
    }
  }

  @S2Lite
  static class PerClassCase {
    @RepeatedTest(TESTS_PER_CLASS)
    void request(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "")).isEmpty();
    }
  }

  @S2Lite(lifecycle = Lifecycle.PER_METHOD)
  static class PerMethodCase {
    @RepeatedTest(TESTS_PER_CLASS)
    void request(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "")).isEmpty();
    }
  }
}
