package dev.s2lite.conformance;

import dev.s2lite.openapi.client.ApiException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs cases against a target, a few at a time, each bounded in time, and collects results. */
public final class Runner {

  private final Target target;
  private final RunResources resources;
  private final KnownGaps gaps;
  private final SpecValidator validator = new SpecValidator();
  private final RateLimit rateLimit;
  private final HttpClient client;
  private final int parallel;
  private final Duration caseTimeout;
  private final PrintStream out;
  private volatile String sharedBasin;

  public Runner(Target target, RunResources resources, KnownGaps gaps, double maxRequestsPerSecond,
      int parallel, Duration caseTimeout, PrintStream out) {
    this.target = target;
    this.resources = resources;
    this.gaps = gaps;
    this.rateLimit = new RateLimit(maxRequestsPerSecond);
    this.parallel = Math.max(1, parallel);
    this.caseTimeout = caseTimeout;
    this.out = out;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public SpecValidator validator() {
    return validator;
  }

  /** A fresh context for a case (also used for setup and cleanup outside cases). */
  CaseContext context() {
    Http http = new Http(client, rateLimit, validator, target.accessToken(), resources::check);
    return new CaseContext(target, http, resources, this::sharedBasin);
  }

  private String sharedBasin(CaseContext c) {
    if (sharedBasin == null) {
      synchronized (this) {
        if (sharedBasin == null) {
          sharedBasin = c.newBasin();
        }
      }
    }
    return sharedBasin;
  }

  public List<Result> run(List<Case> cases) {
    List<Result> results = Collections.synchronizedList(new ArrayList<>());
    ExecutorService workers = Executors.newFixedThreadPool(parallel, daemon("conformance-worker"));
    ExecutorService bodies = Executors.newCachedThreadPool(daemon("conformance-case"));
    AtomicInteger done = new AtomicInteger();
    Progress progress = new Progress(out, cases.size());
    List<Future<?>> futures = new ArrayList<>();
    for (Case c : cases) {
      futures.add(workers.submit(() -> {
        Result r = runOne(c, bodies);
        results.add(r);
        progress.done(done.incrementAndGet(), r);
      }));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    workers.shutdownNow();
    bodies.shutdownNow();
    progress.finish();
    List<Result> ordered = new ArrayList<>();
    for (Case c : cases) {
      results.stream().filter(r -> r.testCase() == c).findFirst().ifPresent(ordered::add);
    }
    return ordered;
  }

  private Result runOne(Case c, ExecutorService bodies) {
    if (!c.targets().contains(target.kind())) {
      return new Result(c, Result.Outcome.SKIPPED,
          "applies to " + c.targetsLabel() + ", not " + target.kind().label(), List.of(), 0);
    }
    CaseContext context = context();
    long start = System.nanoTime();
    Result.Outcome outcome;
    String message = null;
    Future<?> body = bodies.submit(() -> {
      c.body().run(context);
      return null;
    });
    try {
      body.get(caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
      outcome = Result.Outcome.PASSED;
    } catch (TimeoutException e) {
      body.cancel(true);
      outcome = Result.Outcome.FAILED;
      message = "no verdict within " + caseTimeout.toSeconds() + " s (the server did not answer in time)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      body.cancel(true);
      outcome = Result.Outcome.SKIPPED;
      message = "interrupted";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CaseAbort abort) {
        outcome = Result.Outcome.SKIPPED;
        message = abort.getMessage();
      } else if (cause instanceof AssertionError failure) {
        outcome = Result.Outcome.FAILED;
        message = failure.getMessage();
      } else if (cause instanceof ApiException api) {
        outcome = Result.Outcome.FAILED;
        message = "the generated client got " + api.getCode() + ": " + api.getResponseBody();
      } else {
        outcome = Result.Outcome.FAILED;
        message = "the case broke: " + cause;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<Exchange> exchanges = context.http().exchanges();
    if (outcome == Result.Outcome.PASSED) {
      List<String> problems = new ArrayList<>();
      exchanges.forEach(x -> problems.addAll(x.problems()));
      if (!problems.isEmpty()) {
        outcome = Result.Outcome.FAILED;
        message = "a response does not match the OpenAPI description: " + String.join("; ", problems);
      }
    }
    String gap = target.kind() == TargetKind.EMULATOR ? gaps.reason(c.id()) : null;
    if (gap != null) {
      if (outcome == Result.Outcome.FAILED) {
        return new Result(c, Result.Outcome.KNOWN_GAP, gap + " [" + message + "]", exchanges, millis);
      }
      if (outcome == Result.Outcome.PASSED) {
        message = "listed in known-gaps.txt but passes: remove the line";
      }
    }
    return new Result(c, outcome, message, exchanges, millis);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A progress line, redrawn in place on a terminal; failures printed as they happen. */
  private static final class Progress {
    private final PrintStream out;
    private final int total;
    private final boolean terminal = System.console() != null;
    private int lastPrinted;

    Progress(PrintStream out, int total) {
      this.out = out;
      this.total = total;
    }

    synchronized void done(int n, Result r) {
      if (r.outcome() == Result.Outcome.FAILED) {
        out.print(terminal ? "\r\033[K" : "");
        out.println("  FAIL " + r.testCase().id() + ": " + firstLine(r.message()));
      }
      if (terminal) {
        out.print("\r[" + n + "/" + total + "] " + r.testCase().id() + "\033[K");
      } else if (n - lastPrinted >= Math.max(1, total / 10) || n == total) {
        out.println("[" + n + "/" + total + "] cases done");
        lastPrinted = n;
      }
      out.flush();
    }

    synchronized void finish() {
      if (terminal) {
        out.print("\r\033[K");
      }
    }

    private static String firstLine(String s) {
      if (s == null) {
        return "";
      }
      int nl = s.indexOf('\n');
      String line = nl < 0 ? s : s.substring(0, nl);
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }
}
