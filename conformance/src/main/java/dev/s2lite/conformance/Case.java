package dev.s2lite.conformance;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * One conformance case: an id ({@code area.name}), the area it belongs to, the kinds of server
 * whose behaviour it describes, a title saying the behaviour, how much of the server it needs to
 * itself, and its body.
 */
public record Case(String id, String area, Set<TargetKind> targets, String title, Isolation isolation, Body body) {

  /** A case's body: requests and expectations; a {@link CaseFailure} fails it. */
  @FunctionalInterface
  public interface Body {
    void run(CaseContext c) throws Exception;
  }

  /** How a case shares the server with the other cases of the run. */
  public enum Isolation {
    /** Works in its own basins, beside any other case. */
    SHARED,
    /** Counts something server-wide (e.g. {@code /metrics} figures): runs when no other case does. */
    ALONE,
    /**
     * Changes the whole server (a reset, a restore, the clock, every fault rule): runs when no
     * other case does, and only on a server that is this run's alone (embedded, or
     * {@code --disposable-server}).
     */
    OWNS_SERVER
  }

  public String targetsLabel() {
    return targets.stream().map(TargetKind::label).sorted().collect(Collectors.joining(", "));
  }
}
