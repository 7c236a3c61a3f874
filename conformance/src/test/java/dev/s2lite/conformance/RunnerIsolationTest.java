package dev.s2lite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.fault.Operation;
import dev.s2lite.emulator.journal.JournalQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the runner keeps cases out of each other's way and off what is not theirs: cases that need
 * the server to themselves run when no other case does; cases that change the whole server run
 * only on a disposable server; cases about token checks need a server that checks tokens; and
 * requests about access tokens of another run are never sent.
 */
class RunnerIsolationTest {

  private static S2LiteServer server;

  @BeforeAll
  static void start() {
    server = S2LiteServer.builder().build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<Result> run(Target target, List<Case> cases) {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    RunResources resources = new RunResources();
    Runner runner = new Runner(target, resources, KnownGaps.none(), 0, 4, Duration.ofSeconds(20), out);
    List<Result> results = runner.run(cases);
    Cleanup.run(runner, resources, out);
    return results;
  }

  private static Target endpoint() {
    return new Target(TargetKind.EMULATOR, server.endpoint(), server.endpoint().toString(), "ignored");
  }

  private static Map<String, Result> byId(List<Result> results) {
    return results.stream().collect(Collectors.toMap(r -> r.testCase().id(), r -> r));
  }

  @Test
  void casesThatNeedTheServerAloneRunWhenNoOtherCaseDoes() {
    AtomicInteger inFlight = new AtomicInteger();
    List<Integer> seenByAlone = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    Case.Body shared = c -> {
      inFlight.incrementAndGet();
      try {
        Thread.sleep(30);
      } finally {
        inFlight.decrementAndGet();
      }
    };
    for (int i = 0; i < 8; i++) {
      cases.add(new Case("test.shared-" + i, "test", Suite.ALL, "shared", Case.Isolation.SHARED, shared));
      if (i % 3 == 0) {
        cases.add(new Case("test.alone-" + i, "test", Suite.ALL, "alone", Case.Isolation.ALONE, c -> {
          synchronized (seenByAlone) {
            seenByAlone.add(inFlight.get());
          }
        }));
      }
    }

    List<Result> results = run(endpoint().withDisposable(true), cases);

    assertThat(results).extracting(Result::outcome).containsOnly(Result.Outcome.PASSED);
    assertThat(results).extracting(r -> r.testCase().id()).as("results in the order of the cases")
        .containsExactlyElementsOf(cases.stream().map(Case::id).toList());
    assertThat(seenByAlone).as("shared cases in flight when an alone case ran").containsExactly(0, 0, 0);
  }

  @Test
  void casesThatChangeTheWholeServerAreSkippedUnlessItIsDisposable() {
    List<Case> cases = Suite.all().cases().stream()
        .filter(c -> c.id().equals("admin.reset-forgets-everything") || c.id().equals("admin.reset-one-basin"))
        .toList();

    Map<String, Result> results = byId(run(endpoint(), cases));

    assertThat(results.get("admin.reset-forgets-everything").outcome()).isEqualTo(Result.Outcome.SKIPPED);
    assertThat(results.get("admin.reset-forgets-everything").message())
        .contains("changes the whole server").contains("--disposable-server");
    assertThat(results.get("admin.reset-one-basin").outcome()).isEqualTo(Result.Outcome.PASSED);
  }

  @Test
  void casesAboutTokenChecksAreSkippedWithoutAServerThatChecksTokens() {
    List<Case> cases = Suite.all().cases().stream().filter(c -> c.id().equals("auth.no-token-is-401")).toList();

    Result result = run(endpoint().withDisposable(true), cases).get(0);

    assertThat(result.outcome()).isEqualTo(Result.Outcome.SKIPPED);
    assertThat(result.message()).contains("checks no access tokens").contains("--auth-endpoint");
  }

  @Test
  void requestsAboutAnotherRunsAccessTokensAreNeverSent() {
    server.journal().clear();
    Case issue = new Case("test.issue-foreign", "test", Suite.ALL, "issues a token of another run", Case.Isolation.SHARED,
        c -> c.account("POST", "/v1/access-tokens").json("{'id': 'someone-elses', 'scope': {'ops': ['read']}}").send());
    Case revoke = new Case("test.revoke-foreign", "test", Suite.ALL, "revokes a token of another run", Case.Isolation.SHARED,
        c -> c.account("DELETE", "/v1/access-tokens/someone-elses").send());

    Map<String, Result> results = byId(run(endpoint(), List.of(issue, revoke)));

    for (String id : Set.of("test.issue-foreign", "test.revoke-foreign")) {
      assertThat(results.get(id).outcome()).as(id).isEqualTo(Result.Outcome.SKIPPED);
      assertThat(results.get(id).message()).as(id).contains("refused: access token someone-elses is not one of this run's");
    }
    assertThat(server.journal().requests(JournalQuery.operation(Operation.OTHER)))
        .as("requests about access tokens that reached the server").noneMatch(e -> e.path().contains("access-tokens")
            && !e.path().contains("?prefix=s2c-"));
  }
}
