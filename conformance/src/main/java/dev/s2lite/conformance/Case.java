package dev.s2lite.conformance;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * One conformance case: an id ({@code area.name}), the area it belongs to, the kinds of server
 * whose behaviour it describes, a title saying the behaviour, and its body.
 */
public record Case(String id, String area, Set<TargetKind> targets, String title, Body body) {

  /** A case's body: requests and expectations; a {@link CaseFailure} fails it. */
  @FunctionalInterface
  public interface Body {
    void run(CaseContext c) throws Exception;
  }

  public String targetsLabel() {
    return targets.stream().map(TargetKind::label).sorted().collect(Collectors.joining(", "));
  }
}
