package dev.s2lite.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs example cases in a JUnit engine of their own and returns what their servers did. */
final class Kit {

  record Run(EngineExecutionResults results, List<ServerEvents.Event> events) {

    long started() {
      return count(ServerEvents.Kind.STARTED);
    }

    long stopped() {
      return count(ServerEvents.Kind.STOPPED);
    }

    private long count(ServerEvents.Kind kind) {
      return events.stream().filter(e -> e.kind() == kind).count();
    }
  }

  private Kit() {}

  static Run run(Class<?>... cases) {
    return run(Map.of(), cases);
  }

  static Run run(Map<String, String> parameters, Class<?>... cases) {
    String run = UUID.randomUUID().toString();
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(Arrays.stream(cases).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new))
        // Bounds every case, lifecycle methods included, so a deadlock fails instead of hanging.
        .configurationParameter("junit.jupiter.execution.timeout.default", "30s")
        .configurationParameters(parameters)
        .configurationParameter(ServerEvents.PARAMETER, run)
        .execute();
    return new Run(results, ServerEvents.take(run));
  }
}
