package dev.s2lite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner can fail: a server that answers one route wrongly (a Javalin stub in front of an
 * emulator, whose check-tail says {@code {"tail": {"seq_num": 0}}} whatever the stream) fails the
 * cases that use that route, and the reports say why; cases of other routes still pass.
 */
class RunnerCanFailTest {

  private static final Set<String> SKIPPED_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
      "transfer-encoding", "expect");

  private static S2LiteServer emulator;
  private static Javalin stub;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    emulator = S2LiteServer.builder().build().start();
    stub = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      // The wrong answer: no timestamp, and always seq_num 0.
      config.routes.get("/v1/streams/{stream}/records/tail",
          ctx -> ctx.status(200).contentType("application/json").result("{\"tail\":{\"seq_num\":0}}"));
      for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
          HandlerType.DELETE)) {
        config.routes.addHttpHandler(method, "/*", RunnerCanFailTest::proxy);
      }
    }).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    stub.stop();
    emulator.close();
  }

  /** Everything else goes to the emulator as it came. */
  private static void proxy(Context ctx) throws Exception {
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.endpoint() + ctx.req().getRequestURI() + query))
        .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
    for (Map.Entry<String, String> h : ctx.headerMap().entrySet()) {
      if (!SKIPPED_HEADERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        b.header(h.getKey(), h.getValue());
      }
    }
    HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    ctx.status(r.statusCode());
    r.headers().firstValue("content-type").ifPresent(ctx::contentType);
    r.headers().firstValue("s2-provision-result").ifPresent(v -> ctx.header("s2-provision-result", v));
    ctx.result(r.body());
  }

  @Test
  void casesOfTheWrongRouteFailAndTheReportsSayWhy(@TempDir Path reports) throws Exception {
    Target target = new Target(TargetKind.EMULATOR, URI.create("http://127.0.0.1:" + stub.port()),
        "http://127.0.0.1:" + stub.port(), "ignored");
    RunResources resources = new RunResources();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    Runner runner = new Runner(target, resources, KnownGaps.none(), 0, 2, Duration.ofSeconds(20), out);
    List<Case> cases = Suite.all().cases().stream()
        .filter(c -> c.area().equals("tail") || c.id().equals("basins.create-returns-201-created-with-info"))
        .toList();

    List<Result> results = runner.run(cases);
    Cleanup.run(runner, resources, out);
    Reports report = new Reports(target, results, runner.validator());
    report.summary(out);
    report.writeJunit(reports.resolve("junit.xml"));
    report.writeMarkdown(reports.resolve("report.md"));
    Map<String, Result> byId = results.stream().collect(Collectors.toMap(r -> r.testCase().id(), r -> r));

    assertThat(byId.get("basins.create-returns-201-created-with-info").outcome()).isEqualTo(Result.Outcome.PASSED);
    Result wrongTail = byId.get("tail.after-append-equals-ack-end");
    assertThat(wrongTail.outcome()).isEqualTo(Result.Outcome.FAILED);
    assertThat(wrongTail.message()).contains("expected /tail =").contains("got {\"seq_num\":0}");
    // This case's own assertion (seq_num 0) holds: only the OpenAPI validation catches the answer.
    Result onlySchema = byId.get("tail.stream-name-with-slash");
    assertThat(onlySchema.outcome()).isEqualTo(Result.Outcome.FAILED);
    assertThat(onlySchema.message()).contains("does not match the OpenAPI description").contains("timestamp");
    assertThat(byId.get("tail.missing-stream-is-404").message()).contains("expected status 404, got 200");
    assertThat(report.count(Result.Outcome.FAILED)).isGreaterThanOrEqualTo(4);

    String markdown = Files.readString(reports.resolve("report.md"));
    assertThat(markdown).contains("### `tail.after-append-equals-ack-end`", "**Why:** expected /tail =",
        "GET http://127.0.0.1:" + stub.port() + "/v1/streams/");
    assertThat(Files.readString(reports.resolve("junit.xml")))
        .contains("name=\"tail.stream-name-with-slash\"", "<failure message=\"a response does not match the OpenAPI description");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("FAIL tail.after-append-equals-ack-end");
  }
}
