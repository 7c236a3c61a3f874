package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deletes every basin of the run (those it made, and any other listed under its prefix) and
 * revokes every access token it issued, on each of the run's servers.
 */
final class Cleanup {

  private Cleanup() {}

  static synchronized void run(Runner runner, RunResources resources, PrintStream out) {
    if (resources.cleaned()) {
      return;
    }
    resources.markCleaned();
    Target target = runner.target();
    List<Target> servers = new ArrayList<>(List.of(target));
    if (target.tokenChecking() != null && !target.sameServer(target.tokenChecking())) {
      servers.add(target.tokenChecking());
    }
    for (Target server : servers) {
      clean(runner.context(server), resources, out);
    }
  }

  private static void clean(CaseContext c, RunResources resources, PrintStream out) {
    String where = " at " + c.target().accountUri();
    Set<String> basins = new TreeSet<>(resources.createdBasins());
    try {
      Res page = c.account("GET", "/v1/basins?prefix=" + resources.prefix()).send();
      if (page.status() == 200) {
        for (JsonNode b : page.at("/basins")) {
          basins.add(b.path("name").asText());
        }
      }
    } catch (RuntimeException | AssertionError e) {
      out.println("cleanup: listing " + resources.prefix() + "*" + where + " failed: " + e.getMessage());
    }
    int deleted = 0;
    for (String basin : basins) {
      try {
        if (c.account("DELETE", "/v1/basins/" + basin).send().status() == 202) {
          deleted++;
        }
      } catch (RuntimeException | AssertionError e) {
        out.println("cleanup: deleting " + basin + where + " failed: " + e.getMessage());
      }
    }
    int revoked = 0;
    try {
      // s2-lite answers 501: it has no tokens to revoke.
      Res tokens = c.account("GET", "/v1/access-tokens?prefix=" + resources.prefix()).send();
      if (tokens.status() == 200) {
        for (JsonNode t : tokens.at("/access_tokens")) {
          if (c.account("DELETE", "/v1/access-tokens/" + CaseContext.encode(t.path("id").asText())).send()
              .status() == 204) {
            revoked++;
          }
        }
      }
    } catch (RuntimeException | AssertionError e) {
      out.println("cleanup: revoking the access tokens " + resources.prefix() + "*" + where + " failed: " + e.getMessage());
    }
    out.println("cleanup: deleted " + deleted + " basin(s) and revoked " + revoked + " access token(s) of this run ("
        + resources.prefix() + "*)" + where);
  }
}
