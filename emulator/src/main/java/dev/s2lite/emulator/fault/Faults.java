package dev.s2lite.emulator.fault;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault rules of a server. Each S2 request is checked against the rules in the order they
 * were added; the first that matches and fires (within its count, its probability, before its
 * expiry) acts on it, and only that one. Admin and dashboard requests are never faulted.
 *
 * <pre>{@code
 * s2.faults().failNext(Operation.APPEND, 503);       // the next append gets 503 unavailable
 * s2.faults().add(FaultRule.on(Operation.READ_SESSION).basin("orders").dropSessionAfter(2).once());
 * s2.faults().rules();                              // what is installed, with counts
 * s2.faults().clear();
 * }</pre>
 */
public final class Faults {

  static final String DEFAULT_MESSAGE = "injected fault";

  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(401, "authn"), Map.entry(403, "permission_denied"), Map.entry(408, "request_timeout"),
      Map.entry(409, "transaction_conflict"), Map.entry(422, "invalid"), Map.entry(429, "rate_limited"),
      Map.entry(499, "client_hangup"), Map.entry(500, "other"), Map.entry(501, "not_implemented"),
      Map.entry(502, "hot_server"), Map.entry(503, "unavailable"), Map.entry(504, "upstream_timeout"));

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final List<Installed> rules = new ArrayList<>();

  /** A rule and its live counters; guarded by the Faults instance. */
  private static final class Installed {
    final String id;
    final FaultRule rule;
    final Instant expiresAt;
    final Random random;
    long fired;

    Installed(String id, FaultRule rule, Instant expiresAt) {
      this.id = id;
      this.rule = rule;
      this.expiresAt = expiresAt;
      this.random = rule.seed() == null ? new Random() : new Random(rule.seed());
    }

    ActiveFault view() {
      Integer remaining = rule.times() == null ? null : (int) (rule.times() - fired);
      return new ActiveFault(id, rule, fired, remaining, expiresAt);
    }

    boolean usedUp() {
      return rule.times() != null && fired >= rule.times();
    }
  }

  /** A rule acting on a request. */
  public record Firing(String ruleId, FaultAction action) {}

  public Faults(Clock clock) {
    this.clock = clock;
  }

  /** The S2 error code that goes with an HTTP status, e.g. {@code unavailable} for 503. */
  public static String defaultCode(int status) {
    String code = CODES.get(status);
    if (code == null) {
      throw new IllegalArgumentException("no default S2 error code for status " + status
          + "; give one (e.g. 404 stream_not_found, 400 bad_json)");
    }
    return code;
  }

  /** Installs a rule after the existing ones. */
  public synchronized ActiveFault add(FaultRule rule) {
    Instant expiresAt = rule.expiresAfter() == null ? null : clock.instant().plus(rule.expiresAfter());
    Installed installed = new Installed("f" + ids.incrementAndGet(), rule, expiresAt);
    rules.add(installed);
    return installed.view();
  }

  /** Fails the next request of {@code operation} (any basin, any stream) with this status and its usual code. */
  public ActiveFault failNext(Operation operation, int status) {
    return add(FaultRule.on(operation).fail(status).once());
  }

  /** Fails the next request of {@code operation} with this status and S2 error code. */
  public ActiveFault failNext(Operation operation, int status, String code) {
    return add(FaultRule.on(operation).fail(status, code).once());
  }

  /** The installed rules still in force, in the order they are checked. */
  public synchronized List<ActiveFault> rules() {
    prune();
    return rules.stream().map(Installed::view).toList();
  }

  /** Removes one rule; false if there is no such rule (or it was used up or expired). */
  public synchronized boolean remove(String id) {
    prune();
    return rules.removeIf(r -> r.id.equals(id));
  }

  /** Removes every rule. */
  public synchronized void clear() {
    rules.clear();
  }

  /** The rule that acts on a request of this operation to this basin and stream, if any; counts it. */
  public synchronized Optional<Firing> fire(Operation operation, String basin, String stream) {
    prune();
    for (Iterator<Installed> it = rules.iterator(); it.hasNext(); ) {
      Installed r = it.next();
      if (!r.rule.matches(operation, basin, stream)) {
        continue;
      }
      if (r.rule.probability() < 1 && r.random.nextDouble() >= r.rule.probability()) {
        continue;
      }
      r.fired++;
      if (r.usedUp()) {
        it.remove();
      }
      return Optional.of(new Firing(r.id, r.rule.action()));
    }
    return Optional.empty();
  }

  private void prune() {
    Instant now = clock.instant();
    rules.removeIf(r -> r.usedUp() || r.expiresAt != null && !now.isBefore(r.expiresAt));
  }
}
