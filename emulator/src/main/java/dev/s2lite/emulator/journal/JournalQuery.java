package dev.s2lite.emulator.journal;

import dev.s2lite.emulator.fault.Operation;
import java.util.function.Predicate;

/**
 * Which journal entries to return; each method narrows it, unset parts match anything.
 *
 * <pre>{@code
 * List<JournalEntry> appends = s2.journal().requests(
 *     JournalQuery.operation(Operation.APPEND).basin("orders").streamPrefix("eu/"));
 * }</pre>
 */
public record JournalQuery(
    String method,
    Operation operation,
    String basin,
    String stream,
    String streamPrefix,
    Integer status,
    long afterId) implements Predicate<JournalEntry> {

  public static final JournalQuery ALL = new JournalQuery(null, null, null, null, null, null, 0);

  public static JournalQuery operation(Operation operation) {
    return ALL.withOperation(operation);
  }

  public static JournalQuery forBasin(String basin) {
    return ALL.basin(basin);
  }

  public JournalQuery withOperation(Operation op) {
    return new JournalQuery(method, op, basin, stream, streamPrefix, status, afterId);
  }

  public JournalQuery method(String m) {
    return new JournalQuery(m, operation, basin, stream, streamPrefix, status, afterId);
  }

  public JournalQuery basin(String b) {
    return new JournalQuery(method, operation, b, stream, streamPrefix, status, afterId);
  }

  public JournalQuery stream(String s) {
    return new JournalQuery(method, operation, basin, s, streamPrefix, status, afterId);
  }

  public JournalQuery streamPrefix(String prefix) {
    return new JournalQuery(method, operation, basin, stream, prefix, status, afterId);
  }

  public JournalQuery status(int s) {
    return new JournalQuery(method, operation, basin, stream, streamPrefix, s, afterId);
  }

  /** Only entries recorded after the one with this id (to page through, or to skip what a test already saw). */
  public JournalQuery afterId(long id) {
    return new JournalQuery(method, operation, basin, stream, streamPrefix, status, id);
  }

  @Override
  public boolean test(JournalEntry e) {
    return e.id() > afterId
        && (method == null || method.equalsIgnoreCase(e.method()))
        && (operation == null || operation == e.operation())
        && (basin == null || basin.equals(e.basin()))
        && (stream == null || stream.equals(e.stream()))
        && (streamPrefix == null || e.stream() != null && e.stream().startsWith(streamPrefix))
        && (status == null || status == e.status());
  }
}
