package dev.s2lite.junit.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility matrix: user projects (src/it/consumer, plus src/it/clash for the one with
 * clashing libraries) built by Maven against the installed artifacts, one per JUnit line with and
 * without the junit-bom. Each must compile and pass its @S2Lite tests on exactly the JUnit it
 * declares. Two builds run at a time; the table of results is printed at the end.
 */
class ConsumerMatrixIT {

  /** Tests in src/it/consumer and src/it/clash: a build that runs fewer has silently lost some. */
  private static final int CONSUMER_TESTS = 10;
  private static final int CLASH_TESTS = 3;

  static List<ConsumerProject> matrix() {
    List<ConsumerProject> matrix = new ArrayList<>();
    for (String junit : List.of("5.10.5", "5.11.4", "5.12.2", "5.13.4", "5.14.4", "6.0.3", "6.1.3")) {
      matrix.add(ConsumerProject.of(junit, ConsumerProject.Style.BOM));
      matrix.add(ConsumerProject.of(junit, ConsumerProject.Style.PLAIN));
    }
    matrix.add(ConsumerProject.clash("6.0.3", ConsumerProject.Style.BOM));
    return matrix;
  }

  /** Older than s2lite-junit5 supports: the build must fail, saying so in one line. */
  private static final ConsumerProject TOO_OLD = ConsumerProject.of("5.9.3", ConsumerProject.Style.BOM);

  /** Maven 3.8's default Surefire runs no JUnit 5 test: the README's failIfNoTests must fail the build. */
  private static final ConsumerProject OLD_SUREFIRE =
      ConsumerProject.of("5.13.4", ConsumerProject.Style.BOM).withSurefire("2.12.4");

  private static List<ConsumerProject> everyProject() {
    List<ConsumerProject> all = new ArrayList<>(matrix());
    all.add(TOO_OLD);
    all.add(OLD_SUREFIRE);
    return all;
  }

  private static final ExecutorService BUILDS = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "consumer-build");
    t.setDaemon(true);
    return t;
  });
  private static final Map<String, Future<ConsumerProject.Build>> STARTED = new ConcurrentHashMap<>();
  private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

  @BeforeAll
  static void startEveryBuild() {
    LocalRepository repository = LocalRepository.get();
    everyProject().forEach(consumer -> STARTED.put(consumer.name(), BUILDS.submit(() -> consumer.build(repository))));
  }

  @AfterAll
  static void printTheMatrix() {
    BUILDS.shutdownNow();
    StringBuilder table = new StringBuilder("\nConsumer matrix (project | JUnit | style | Surefire | result):\n");
    everyProject().forEach(c -> table.append(String.format("  %-40s %-7s %-6s %-7s %s%n",
        c.name(), c.junitVersion(), c.style(), c.surefireVersion(), RESULTS.getOrDefault(c.name(), "not run"))));
    System.out.print(table);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void compilesAndPassesItsS2LiteTests(ConsumerProject consumer) throws Exception {
    ConsumerProject.Build build = await(consumer);
    int expected = CONSUMER_TESTS + (consumer.clash() ? CLASH_TESTS : 0);

    assertThat(build.exitCode()).as("mvn test in %s exited with\n%s", build.directory(), build.tail()).isZero();
    assertThat(build.reports())
        .as("tests run, failed, errors, skipped in %s", build.directory())
        .isEqualTo(new ConsumerProject.Reports(expected, 0, 0, 0));
    RESULTS.put(consumer.name(), "passed: " + expected + " tests in " + build.seconds() + " s");
  }

  @Test
  void aJUnitOlderThan510FailsTheBuildSayingWhyInOneLine() throws Exception {
    ConsumerProject.Build build = await(TOO_OLD);

    assertThat(build.exitCode()).as("mvn test exit code").isNotZero();
    assertThat(build.log()).contains("s2lite-junit5 needs JUnit Jupiter 5.10 or later, but this test runs on"
        + " junit-jupiter-api 5.9.3: import org.junit:junit-bom 5.10.0 or later");
    assertThat(build.reports().passed()).as("tests that passed").isZero();
    RESULTS.put(TOO_OLD.name(), "failed as expected, in one line, in " + build.seconds() + " s");
  }

  @Test
  void mavensDefaultSurefireRunsNoTestAndFailIfNoTestsSaysSoInOneLine() throws Exception {
    ConsumerProject.Build build = await(OLD_SUREFIRE);

    assertThat(build.exitCode()).as("mvn test exit code").isNotZero();
    assertThat(build.log()).contains("maven-surefire-plugin:2.12.4:test", "No tests were executed!");
    RESULTS.put(OLD_SUREFIRE.name(), "failed as expected (no test run), in one line, in " + build.seconds() + " s");
  }

  private static ConsumerProject.Build await(ConsumerProject consumer) throws Exception {
    // Builds queue two at a time, so one may wait for others before its own time-out starts.
    return STARTED.get(consumer.name()).get(ConsumerProject.TIMEOUT.toMinutes() * 4, TimeUnit.MINUTES);
  }
}
