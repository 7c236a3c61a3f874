package dev.s2lite.emulator.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The emulator's time, which a test can stop and move: every part of the server that reads time
 * reads it here (arrival timestamps, retention expiry, delete-on-empty, read-session heartbeats and
 * wait deadlines, fault expiry, the journal, and access tokens' {@code expires_at}). It runs with
 * its base clock (the system clock unless the server was built with another) until frozen;
 * moving it runs whatever became due (background work, session timers) before the call returns,
 * so a test never sleeps.
 *
 * <pre>{@code
 * s2.clock().freeze();                       // time stands still
 * s2.clock().advance(Duration.ofDays(8));     // records with 7-day retention are now gone
 * s2.clock().set(Instant.parse("2030-01-01T00:00:00Z"));
 * s2.clock().resume();                       // runs on from where it stands
 * }</pre>
 *
 * <p>Time never needs to go backwards for the S2 semantics to hold: a stream's timestamps stay
 * non-decreasing whatever the clock says, as the engine caps them.
 */
public final class ControlledClock extends Clock {

  /** The clock's state: a fixed instant while frozen, else the base clock plus an offset. */
  private record State(Instant frozenAt, Duration offset) {
    boolean frozen() {
      return frozenAt != null;
    }
  }

  private final Clock base;
  private final List<Runnable> onMove = new CopyOnWriteArrayList<>();
  private volatile State state = new State(null, Duration.ZERO);

  public ControlledClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  @Override
  public Instant instant() {
    State s = state;
    return s.frozen() ? s.frozenAt : base.instant().plus(s.offset);
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock seen in another zone: the same instants, still controlled. */
  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(getZone())) {
      return this;
    }
    ControlledClock controlled = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return controlled.withZone(other);
      }

      @Override
      public Instant instant() {
        return controlled.instant();
      }
    };
  }

  /** Whether time stands still. */
  public boolean isFrozen() {
    return state.frozen();
  }

  /** Stops time at the current instant (nothing happens if it is frozen already); returns it. */
  public Instant freeze() {
    synchronized (this) {
      if (!state.frozen()) {
        state = new State(instant(), Duration.ZERO);
      }
      return state.frozenAt;
    }
  }

  /** Lets time run again from the instant it stands at (nothing happens if it runs). */
  public Instant resume() {
    synchronized (this) {
      if (state.frozen()) {
        state = new State(null, Duration.between(base.instant(), state.frozenAt));
      }
    }
    moved();
    return instant();
  }

  /**
   * Moves time forward by {@code by}: frozen time stays frozen at the later instant, running time
   * runs on from it. Background work that became due (retention expiry, delete-on-empty, finishing
   * deletions) has run when this returns.
   *
   * @throws IllegalArgumentException if {@code by} is negative
   */
  public Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only advances; got " + by);
    }
    synchronized (this) {
      State s = state;
      state = s.frozen() ? new State(s.frozenAt.plus(by), Duration.ZERO) : new State(null, s.offset.plus(by));
    }
    moved();
    return instant();
  }

  /**
   * Puts the clock at {@code to}; frozen time stays frozen there, running time runs on from there.
   * Background work that became due has run when this returns.
   */
  public Instant set(Instant to) {
    Objects.requireNonNull(to, "to");
    synchronized (this) {
      state = state.frozen() ? new State(to, Duration.ZERO) : new State(null, Duration.between(base.instant(), to));
    }
    moved();
    return instant();
  }

  /** Back to the base clock's time, running. */
  public void reset() {
    synchronized (this) {
      state = new State(null, Duration.ZERO);
    }
    moved();
  }

  /**
   * Runs {@code action} each time the clock is moved (advanced, set, resumed, reset), on the
   * moving thread, before the move returns: the hook for anything that waits for a time (session
   * timers, background work; access-token expiry needs none, it compares with {@link #instant()}).
   */
  public void onMove(Runnable action) {
    onMove.add(Objects.requireNonNull(action, "action"));
  }

  private void moved() {
    for (Runnable action : onMove) {
      action.run();
    }
  }

  @Override
  public String toString() {
    return "ControlledClock[" + instant() + (isFrozen() ? ", frozen" : ", running") + "]";
  }
}
