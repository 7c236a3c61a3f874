package dev.s2lite.emulator.fault;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A fault to inject: which requests it matches (operations, basin and stream, each exactly or by prefix),
 * what it does to them, how often (a number of times, a probability with a seed for repeatable
 * runs) and for how long. Built from {@link #on}; every method returns a new rule.
 *
 * <pre>{@code
 * s2.faults().add(FaultRule.on(Operation.APPEND).basin("orders").streamPrefix("eu/")
 *     .fail(503, "unavailable").times(2));
 * s2.faults().add(FaultRule.on(Operation.CHECK_TAIL).basinPrefix("tenant-a-").fail(500));
 * s2.faults().add(FaultRule.on(Operation.READ_SESSION).dropSessionAfter(3).once());
 * s2.faults().add(FaultRule.on(Operation.READ).delay(Duration.ofMillis(300))
 *     .withProbability(0.5, 42).expiringAfter(Duration.ofMinutes(1)));
 * }</pre>
 *
 * @param operations the operations it matches; empty for any
 * @param basin the basin it matches exactly, or null for any
 * @param basinPrefix the prefix of the basins it matches, or null
 * @param stream the stream it matches exactly, or null
 * @param streamPrefix the prefix of the streams it matches, or null
 * @param times how many requests it acts on before it is used up; null for no limit
 * @param probability the chance it acts on a matching request, from 0 to 1
 * @param seed the seed of the random draws when {@code probability < 1}; null for a random seed
 * @param expiresAfter how long after it is added it stops matching; null for never
 */
public record FaultRule(
    Set<Operation> operations,
    String basin,
    String basinPrefix,
    String stream,
    String streamPrefix,
    FaultAction action,
    Integer times,
    double probability,
    Long seed,
    Duration expiresAfter) {

  public FaultRule {
    operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
    Objects.requireNonNull(action, "action");
    if (basin != null && basinPrefix != null) {
      throw new IllegalArgumentException("give a basin or a basin prefix, not both");
    }
    if (stream != null && streamPrefix != null) {
      throw new IllegalArgumentException("give a stream or a stream prefix, not both");
    }
    if (times != null && times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be above 0 and at most 1, got " + probability);
    }
    if (expiresAfter != null && (expiresAfter.isNegative() || expiresAfter.isZero())) {
      throw new IllegalArgumentException("expiresAfter must be positive, got " + expiresAfter);
    }
    if (action instanceof FaultAction.DropSession
        && !operations.isEmpty() && operations.stream().noneMatch(Operation::isSession)) {
      throw new IllegalArgumentException("dropping a session needs a session operation"
          + " (append_session, read_session), got " + operations);
    }
  }

  /** A rule for requests of these operations (none: any operation) that fails them with 503 until told otherwise. */
  public static FaultRule on(Operation... operations) {
    Set<Operation> ops = operations.length == 0 ? Set.of() : EnumSet.of(operations[0], operations);
    return new FaultRule(ops, null, null, null, null, fail503(), null, 1.0, null, null);
  }

  private static FaultAction fail503() {
    return new FaultAction.Fail(503, "unavailable", Faults.DEFAULT_MESSAGE);
  }

  /** Only requests to this basin. */
  public FaultRule basin(String basin) {
    return new FaultRule(operations, basin, null, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to basins whose names start with {@code prefix}. */
  public FaultRule basinPrefix(String prefix) {
    return new FaultRule(operations, null, prefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to this stream (of any basin unless {@link #basin} says). */
  public FaultRule stream(String stream) {
    return new FaultRule(operations, basin, basinPrefix, stream, null, action, times, probability, seed, expiresAfter);
  }

  /** Only requests to streams whose names start with {@code prefix}. */
  public FaultRule streamPrefix(String prefix) {
    return new FaultRule(operations, basin, basinPrefix, null, prefix, action, times, probability, seed, expiresAfter);
  }

  /** Answer with this status and the S2 code clients expect with it (503 {@code unavailable}, 500 {@code other}...). */
  public FaultRule fail(int status) {
    return fail(status, Faults.defaultCode(status));
  }

  /** Answer with this status and S2 error code. */
  public FaultRule fail(int status, String code) {
    return then(new FaultAction.Fail(status, code, Faults.DEFAULT_MESSAGE));
  }

  /** Serve the request after {@code latency}. */
  public FaultRule delay(Duration latency) {
    return then(new FaultAction.Delay(latency));
  }

  /** Drop a session after it sent {@code messages} messages. */
  public FaultRule dropSessionAfter(int messages) {
    return then(new FaultAction.DropSession(messages));
  }

  /** Close the client's connection instead of answering. */
  public FaultRule closeConnection() {
    return then(new FaultAction.CloseConnection());
  }

  /** What the rule does to a request it matches. */
  public FaultRule then(FaultAction action) {
    return new FaultRule(operations, basin, basinPrefix, stream, streamPrefix, action, times, probability, seed, expiresAfter);
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

  /** Whether a request of this operation to this basin and stream is one the rule is about. */
  boolean matches(Operation operation, String requestBasin, String requestStream) {
    if (!operations.isEmpty() && !operations.contains(operation)) {
      return false;
    }
    if (action instanceof FaultAction.DropSession && !operation.isSession()) {
      return false;
    }
    if (basin != null && !basin.equals(requestBasin)) {
      return false;
    }
    if (basinPrefix != null && (requestBasin == null || !requestBasin.startsWith(basinPrefix))) {
      return false;
    }
    if (stream != null && !stream.equals(requestStream)) {
      return false;
    }
    return streamPrefix == null || requestStream != null && requestStream.startsWith(streamPrefix);
  }
}
