package dev.s2lite.testcontainers;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A fault for the emulator in a container to inject: which S2 requests it matches (operations,
 * basin and stream, each exactly or by prefix), what it does to them, how often and for how long. Built
 * from {@link #on}; every method returns a new rule; the emulator checks it when it is added.
 *
 * <pre>{@code
 * S2.faults().add(FaultRule.on(Operation.APPEND).basin("orders-basin").streamPrefix("eu/")
 *     .fail(503).times(2));
 * S2.faults().add(FaultRule.on(Operation.CHECK_TAIL).basinPrefix("tenant-a-").fail(500));
 * S2.faults().add(FaultRule.on(Operation.READ_SESSION).dropSessionAfter(3).once());
 * S2.faults().add(FaultRule.on(Operation.READ).delay(Duration.ofMillis(300)).withProbability(0.5, 42));
 * }</pre>
 *
 * @param operations the operations it matches; empty for any
 * @param basin the basin it matches exactly, or null for any
 * @param basinPrefix the prefix of the basins it matches, or null
 * @param stream the stream it matches exactly, or null
 * @param streamPrefix the prefix of the streams it matches, or null
 * @param action what it does: {@code {"error": {...}}}, {@code {"latency": ...}}... as the admin API's JSON
 * @param times how many requests it acts on; null for no limit
 * @param probability the chance it acts on a matching request, above 0 and at most 1
 * @param seed the seed of its random draws; null for a random one
 * @param expiresAfter how long after it is added it stops matching (server clock); null for never
 */
public record FaultRule(
    Set<Operation> operations,
    String basin,
    String basinPrefix,
    String stream,
    String streamPrefix,
    Map<String, Object> action,
    Integer times,
    double probability,
    Long seed,
    Duration expiresAfter) {

  public FaultRule {
    operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
    action = Map.copyOf(Objects.requireNonNull(action, "action"));
  }

  /** A rule for requests of these operations (none: any operation) that fails them with 503 {@code unavailable}. */
  public static FaultRule on(Operation... operations) {
    Set<Operation> ops = operations.length == 0 ? Set.of() : EnumSet.of(operations[0], operations);
    return new FaultRule(ops, null, null, null, null, error(503, null), null, 1.0, null, null);
  }

  /** Only requests to this basin. */
  public FaultRule basin(String basin) {
    return new FaultRule(operations, basin, null, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to basins whose names start with {@code prefix}. */
  public FaultRule basinPrefix(String prefix) {
    return new FaultRule(operations, null, prefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to this stream. */
  public FaultRule stream(String stream) {
    return new FaultRule(operations, basin, basinPrefix, stream, null, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to streams whose names start with {@code prefix}. */
  public FaultRule streamPrefix(String prefix) {
    return new FaultRule(operations, basin, basinPrefix, null, prefix, action, times, probability, seed, expiresAfter);
  }

  /** Answer with this status and the S2 code clients expect with it (503 {@code unavailable}, 429 {@code rate_limited}...). */
  public FaultRule fail(int status) {
    return then(error(status, null));
  }

  /** Answer with this status and S2 error code. */
  public FaultRule fail(int status, String code) {
    return then(error(status, Objects.requireNonNull(code, "code")));
  }

  /** Serve the request after {@code latency}. */
  public FaultRule delay(Duration latency) {
    return then(Map.of("latency", latency.toString()));
  }

  /** Drop a session after it sent {@code messages} messages (session operations only). */
  public FaultRule dropSessionAfter(int messages) {
    return then(Map.of("drop_session", Map.of("after_messages", messages)));
  }

  /** Close the client's connection instead of answering. */
  public FaultRule closeConnection() {
    return then(Map.of("close_connection", Map.of()));
  }

  /** Act on this many requests, then stop. */
  public FaultRule times(int times) {
    return new FaultRule(operations, basin, basinPrefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Act on the next matching request only. */
  public FaultRule once() {
    return times(1);
  }

  /** Act on each matching request with this probability, drawn from a generator seeded with {@code seed}. */
  public FaultRule withProbability(double probability, long seed) {
    return new FaultRule(operations, basin, basinPrefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Stop matching this long after the rule is added (on the server's clock). */
  public FaultRule expiringAfter(Duration duration) {
    return new FaultRule(operations, basin, basinPrefix, stream, streamPrefix, action, times, probability, seed, duration);
  }

  /** The rule as {@code POST /_emulator/faults} takes it. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("operations", operations.stream().sorted().map(Operation::wire).toList());
    json.put("basin", basin);
    json.put("basin_prefix", basinPrefix);
    json.put("stream", stream);
    json.put("stream_prefix", streamPrefix);
    json.put("action", action);
    json.put("times", times);
    json.put("probability", probability);
    json.put("seed", seed);
    json.put("expires_after", expiresAfter == null ? null : expiresAfter.toString());
    return json;
  }

  private FaultRule then(Map<String, Object> action) {
    return new FaultRule(operations, basin, basinPrefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  private static Map<String, Object> error(int status, String code) {
    return Map.of("error", code == null ? Map.of("status", status) : Map.of("status", status, "code", code));
  }
}
