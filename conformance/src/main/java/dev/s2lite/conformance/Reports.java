package dev.s2lite.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The console summary, a JUnit XML file for CI systems, and a Markdown report. */
public final class Reports {

  private final Target target;
  private final List<Result> results;
  private final SpecValidator validator;

  public Reports(Target target, List<Result> results, SpecValidator validator) {
    this.target = target;
    this.results = results;
    this.validator = validator;
  }

  public long count(Result.Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  public void summary(PrintStream out) {
    out.println();
    out.println("S2 conformance against " + target.describe());
    out.printf(Locale.ROOT, "%-14s %6s %6s %6s %9s%n", "area", "passed", "failed", "skipped", "known gap");
    for (Map.Entry<String, long[]> e : perArea().entrySet()) {
      long[] n = e.getValue();
      out.printf(Locale.ROOT, "%-14s %6d %6d %6d %9d%n", e.getKey(), n[0], n[1], n[2], n[3]);
    }
    out.printf(Locale.ROOT, "%d passed, %d failed, %d skipped, %d known gaps, of %d cases%n",
        count(Result.Outcome.PASSED), count(Result.Outcome.FAILED), count(Result.Outcome.SKIPPED),
        count(Result.Outcome.KNOWN_GAP), results.size());
  }

  private Map<String, long[]> perArea() {
    Map<String, long[]> areas = new LinkedHashMap<>();
    for (Result r : results) {
      long[] n = areas.computeIfAbsent(r.testCase().area(), a -> new long[4]);
      n[r.outcome().ordinal()]++;
    }
    return areas;
  }

  public void writeJunit(Path file) throws IOException {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuites name=\"s2-conformance\" tests=\"").append(results.size())
        .append("\" failures=\"").append(count(Result.Outcome.FAILED))
        .append("\" skipped=\"").append(count(Result.Outcome.SKIPPED) + count(Result.Outcome.KNOWN_GAP)).append("\">\n");
    Map<String, List<Result>> byArea = new LinkedHashMap<>();
    results.forEach(r -> byArea.computeIfAbsent(r.testCase().area(), a -> new java.util.ArrayList<>()).add(r));
    for (Map.Entry<String, List<Result>> area : byArea.entrySet()) {
      List<Result> rs = area.getValue();
      x.append("  <testsuite name=\"s2-conformance.").append(esc(area.getKey())).append("\" tests=\"").append(rs.size())
          .append("\" failures=\"").append(rs.stream().filter(r -> r.outcome() == Result.Outcome.FAILED).count())
          .append("\" skipped=\"").append(rs.stream().filter(r -> r.outcome() == Result.Outcome.SKIPPED
              || r.outcome() == Result.Outcome.KNOWN_GAP).count())
          .append("\" timestamp=\"").append(Instant.now()).append("\">\n");
      for (Result r : rs) {
        x.append("    <testcase classname=\"s2-conformance.").append(esc(area.getKey())).append("\" name=\"")
            .append(esc(r.testCase().id())).append("\" time=\"").append(r.millis() / 1000.0).append("\">");
        switch (r.outcome()) {
          case FAILED -> x.append("\n      <failure message=\"").append(esc(r.message())).append("\">")
              .append(esc(details(r))).append("</failure>\n    ");
          case SKIPPED -> x.append("<skipped message=\"").append(esc(r.message())).append("\"/>");
          case KNOWN_GAP -> x.append("<skipped message=\"known gap: ").append(esc(r.message())).append("\"/>");
          case PASSED -> { }
        }
        x.append("</testcase>\n");
      }
      x.append("  </testsuite>\n");
    }
    x.append("</testsuites>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, x, StandardCharsets.UTF_8);
  }

  public void writeMarkdown(Path file) throws IOException {
    StringBuilder m = new StringBuilder("# S2 conformance report\n\n");
    m.append("Target: ").append(target.describe()).append("  \n");
    m.append("Run at: ").append(Instant.now()).append("\n\n");
    m.append(String.format(Locale.ROOT, "**%d passed, %d failed, %d skipped, %d known gaps** of %d cases.%n%n",
        count(Result.Outcome.PASSED), count(Result.Outcome.FAILED), count(Result.Outcome.SKIPPED),
        count(Result.Outcome.KNOWN_GAP), results.size()));
    m.append("## Areas\n\n| area | passed | failed | skipped | known gap |\n| --- | ---: | ---: | ---: | ---: |\n");
    perArea().forEach((area, n) -> m.append("| ").append(area).append(" | ").append(n[0]).append(" | ")
        .append(n[1]).append(" | ").append(n[2]).append(" | ").append(n[3]).append(" |\n"));

    m.append("\n## Operations (coverage)\n\n| operation | route | requests | statuses seen | cases |\n| --- | --- | ---: | --- | ---: |\n");
    Map<String, Set<Integer>> statuses = new TreeMap<>();
    Map<String, Integer> requests = new TreeMap<>();
    Map<String, Set<String>> cases = new TreeMap<>();
    for (Result r : results) {
      for (Exchange e : r.exchanges()) {
        if (e.operation() != null) {
          statuses.computeIfAbsent(e.operation(), k -> new TreeSet<>()).add(e.status());
          requests.merge(e.operation(), 1, Integer::sum);
          cases.computeIfAbsent(e.operation(), k -> new TreeSet<>()).add(r.testCase().id());
        }
      }
    }
    validator.operationTags().forEach((op, route) -> m.append("| `").append(op).append("` | `").append(route)
        .append("` | ").append(requests.getOrDefault(op, 0)).append(" | ")
        .append(statuses.getOrDefault(op, Set.of()).isEmpty() ? "**not covered**" : statuses.get(op).toString())
        .append(" | ").append(cases.getOrDefault(op, Set.of()).size()).append(" |\n"));

    section(m, "Failed", Result.Outcome.FAILED, true);
    section(m, "Known gaps of the emulator", Result.Outcome.KNOWN_GAP, true);
    section(m, "Skipped", Result.Outcome.SKIPPED, false);
    m.append("\n## Passed\n\n");
    for (Result r : results) {
      if (r.outcome() == Result.Outcome.PASSED) {
        m.append("- `").append(r.testCase().id()).append("`: ").append(r.testCase().title())
            .append(r.message() == null ? "" : " (" + r.message() + ")").append('\n');
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, m, StandardCharsets.UTF_8);
  }

  private void section(StringBuilder m, String title, Result.Outcome outcome, boolean withExchange) {
    m.append("\n## ").append(title).append("\n\n");
    boolean any = false;
    for (Result r : results) {
      if (r.outcome() != outcome) {
        continue;
      }
      any = true;
      if (!withExchange) {
        m.append("- `").append(r.testCase().id()).append("`: ").append(r.message()).append('\n');
        continue;
      }
      m.append("### `").append(r.testCase().id()).append("`\n\n").append(r.testCase().title())
          .append(" (applies to ").append(r.testCase().targetsLabel()).append(")\n\n");
      m.append("**Why:** ").append(r.message()).append("\n\n");
      Exchange e = r.relevantExchange();
      if (e != null) {
        m.append("Request:\n\n```\n").append(e.describeRequest()).append("\n```\n\n");
        m.append("Response:\n\n```\n").append(e.describeResponse()).append("\n```\n\n");
      }
    }
    if (!any) {
      m.append("None.\n");
    }
  }

  private String details(Result r) {
    Exchange e = r.relevantExchange();
    return r.message() + (e == null ? "" : "\n\nRequest:\n" + e.describeRequest() + "\n\nResponse:\n" + e.describeResponse());
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> {
          if (ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0xFFFE || ch == 0xFFFF || Character.isSurrogate(ch)) {
            b.append('?');
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }
}
