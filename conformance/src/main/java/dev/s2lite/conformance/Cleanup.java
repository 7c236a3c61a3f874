package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;

/** Deletes every basin of the run: those it made, and any other listed under its prefix. */
final class Cleanup {

  private Cleanup() {}

  static synchronized void run(Runner runner, RunResources resources, PrintStream out) {
    if (resources.cleaned()) {
      return;
    }
    resources.markCleaned();
    Set<String> basins = new TreeSet<>(resources.createdBasins());
    CaseContext c = runner.context();
    try {
      Res page = c.account("GET", "/v1/basins?prefix=" + resources.prefix()).send();
      if (page.status() == 200) {
        for (JsonNode b : page.at("/basins")) {
          basins.add(b.path("name").asText());
        }
      }
    } catch (RuntimeException | AssertionError e) {
      out.println("cleanup: listing " + resources.prefix() + "* failed: " + e.getMessage());
    }
    int deleted = 0;
    for (String basin : basins) {
      try {
        int status = c.account("DELETE", "/v1/basins/" + basin).send().status();
        if (status == 202) {
          deleted++;
        }
      } catch (RuntimeException | AssertionError e) {
        out.println("cleanup: deleting " + basin + " failed: " + e.getMessage());
      }
    }
    out.println("cleanup: deleted " + deleted + " basin(s) of this run (" + resources.prefix() + "*)");
  }
}
