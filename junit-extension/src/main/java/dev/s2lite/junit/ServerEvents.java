package dev.s2lite.junit;

import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test hook, not API: when the configuration parameter {@value #PARAMETER} names a run, the
 * extension records what its servers do under that name, for this module's lifecycle tests.
 */
final class ServerEvents {

  static final String PARAMETER = "dev.s2lite.junit.internal.events";

  enum Kind { BEFORE_ALL, STARTED, STOPPED }

  record Event(Kind kind, URI endpoint, long nanoTime) {}

  private static final ConcurrentMap<String, Queue<Event>> RUNS = new ConcurrentHashMap<>();

  private ServerEvents() {}

  /** Where the servers started for {@code context} report to; a no-op unless the hook is on. */
  static Consumer<Event> sink(ExtensionContext context) {
    return context.getConfigurationParameter(PARAMETER)
        .<Consumer<Event>>map(run -> RUNS.computeIfAbsent(run, r -> new ConcurrentLinkedQueue<>())::add)
        .orElse(event -> {});
  }

  /** The events recorded under {@code run}, forgetting them. */
  static List<Event> take(String run) {
    Queue<Event> events = RUNS.remove(run);
    return events == null ? List.of() : List.copyOf(events);
  }
}
