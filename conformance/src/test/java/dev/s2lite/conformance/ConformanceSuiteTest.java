package dev.s2lite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole conformance suite against an embedded emulator, as {@code .ci/run} runs it: one test
 * per case; a case that fails fails its test with the report's reason, a skipped case or a
 * known gap is skipped with its reason.
 */
class ConformanceSuiteTest {

  @TestFactory
  Stream<DynamicTest> everyCaseForTheEmulatorPasses() throws Exception {
    List<Case> cases = Suite.all().cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    List<Result> results;
    Path reports = Path.of("target", "conformance");
    try (S2LiteServer server = S2LiteServer.builder()
        .heartbeatInterval(Duration.ofMillis(500), Duration.ofMillis(1000)).build().start()) {
      Target target = new Target(TargetKind.EMULATOR, server.endpoint(), server.endpoint().toString(),
          S2LiteServer.ACCESS_TOKEN);
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
