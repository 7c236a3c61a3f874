package dev.s2lite.testcontainers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which journal entries to ask the emulator for; each method narrows it, unset parts match
 * anything. The emulator filters (query parameters of {@code GET /_emulator/journal}).
 *
 * <pre>{@code
 * List<JournalEntry> appends = S2.journal().requests(
 *     JournalQuery.operation(Operation.APPEND).basin("orders-basin").streamPrefix("eu/"));
 * }</pre>
 */
public record JournalQuery(
    String method,
    Operation operation,
    String basin,
    String stream,
    String streamPrefix,
    Integer status,
    long afterId) {

  /** Every entry. */
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

  /** Only entries recorded after the one with this id (to skip what a test already saw). */
  public JournalQuery afterId(long id) {
    return new JournalQuery(method, operation, basin, stream, streamPrefix, status, id);
  }

  /** The query string of {@code GET /_emulator/journal}, asking for the last {@code limit} entries. */
  String toQueryString(int limit) {
    List<String> params = new ArrayList<>();
    add(params, "method", method);
    add(params, "operation", operation == null ? null : operation.wire());
    add(params, "basin", basin);
    add(params, "stream", stream);
    add(params, "stream_prefix", streamPrefix);
    add(params, "status", status == null ? null : status.toString());
    add(params, "after_id", afterId == 0 ? null : Long.toString(afterId));
    add(params, "limit", Integer.toString(limit));
    return String.join("&", params);
  }

  private static void add(List<String> params, String name, String value) {
    if (value != null) {
      params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
