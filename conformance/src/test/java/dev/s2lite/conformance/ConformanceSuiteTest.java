package dev.s2lite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole conformance suite against embedded emulators (one as s2-lite runs, one checking tokens
 * as with {@code --auth}), as {@code .ci/run} runs it: one test per case; a case that fails fails
 * its test with the report's reason, a skipped case or a known gap is skipped with its reason.
 * Embedded, nothing is skipped for want of a token-checking or a disposable server.
 */
class ConformanceSuiteTest {

  @TestFactory
  Stream<DynamicTest> everyCaseForTheEmulatorPasses() throws Exception {
    List<Case> cases = Suite.all().cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    List<Result> results;
    Path reports = Path.of("target", "conformance");
    try (EmbeddedTarget servers = EmbeddedTarget.start()) {
      Target target = servers.target();
      RunResources resources = new RunResources();
      Runner runner = new Runner(target, resources, KnownGaps.load(), 0, 4, Duration.ofSeconds(30), System.out);
      results = runner.run(cases);
      Cleanup.run(runner, resources, System.out);
      Reports report = new Reports(target, results, runner.validator());
      report.summary(System.out);
      report.writeJunit(reports.resolve("junit.xml"));
      report.writeMarkdown(reports.resolve("report.md"));
    }
    assertThat(Files.readString(reports.resolve("report.md"))).contains("# S2 conformance report");
    assertThat(cases).extracting(Case::area).contains("access-tokens", "auth", "metrics", "prometheus", "admin");
    assertThat(results).filteredOn(r -> r.outcome() == Result.Outcome.SKIPPED).extracting(Result::message)
        .noneMatch(m -> m.contains("checks no access tokens") || m.contains("changes the whole server"));
    return results.stream().map(r -> DynamicTest.dynamicTest(r.testCase().id(), () -> {
      switch (r.outcome()) {
        case PASSED -> { }
        case FAILED -> throw new AssertionError(r.message() + describe(r));
        case SKIPPED -> Assumptions.abort(r.message());
        case KNOWN_GAP -> Assumptions.abort("known gap: " + r.message());
      }
    }));
  }

  private static String describe(Result r) {
    Exchange e = r.relevantExchange();
    return e == null ? "" : "\n\nRequest:\n" + e.describeRequest() + "\n\nResponse:\n" + e.describeResponse();
  }
}
