package dev.s2lite.emulator.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all sessions share: a small worker pool that runs their steps (no session owns a thread),
 * one timer thread for heartbeats and wait deadlines, the heartbeat cadence, the server-wide
 * in-flight append budget, and the live sessions, which {@link #shutdown} ends.
 */
public final class Sessions implements AutoCloseable {

  /** lite's default {@code --append-inflight-bytes}. */
  public static final long DEFAULT_APPEND_INFLIGHT_BYTES = 128L * 1024 * 1024;
  public static final Duration DEFAULT_HEARTBEAT_MIN = Duration.ofSeconds(5);
  public static final Duration DEFAULT_HEARTBEAT_MAX = Duration.ofSeconds(15);

  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final long heartbeatMinMillis;
  private final long heartbeatMaxMillis;
  private final AppendBudget appendBudget;
  /** Pending timed tasks, so a clock move can run them early; done ones are pruned now and then. */
  private final Map<ScheduledFuture<?>, Runnable> timed = new ConcurrentHashMap<>();
  private volatile int prunedSize = 64;
  private final Set<Live> live = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  /** A session that can be asked to end because the server stops. */
  interface Live {
    /** Ends soon with a terminal {@code 503 unavailable}, after what it owes (acks of admitted appends). */
    void serverStopping();
  }

  public Sessions(Clock clock, Duration heartbeatMin, Duration heartbeatMax, long appendInflightBytes) {
    if (heartbeatMin.isNegative() || heartbeatMin.isZero() || heartbeatMax.compareTo(heartbeatMin) < 0) {
      throw new IllegalArgumentException("heartbeat interval must be positive with min <= max");
    }
    this.clock = clock;
    this.heartbeatMinMillis = heartbeatMin.toMillis();
    this.heartbeatMaxMillis = heartbeatMax.toMillis();
    this.appendBudget = new AppendBudget(appendInflightBytes);
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    this.workers = Executors.newFixedThreadPool(threads, named("s2lite-session-"));
    this.timers = Executors.newSingleThreadScheduledExecutor(named("s2lite-session-timer-"));
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public long nowMillis() {
    return clock.millis();
  }

  /** When a session last moved records (System.nanoTime). */
  private volatile long lastActivityNanos = System.nanoTime();

  /** A session moved records: the server is not idle (a long session starts no new request). */
  public void active() {
    lastActivityNanos = System.nanoTime();
  }

  /** How long ago a session last moved records. */
  public Duration sinceLastActivity() {
    return Duration.ofNanos(System.nanoTime() - lastActivityNanos);
  }

  public void execute(Runnable task) {
    workers.execute(task);
  }

  /**
   * Runs {@code task} once the server clock reaches {@code atMillis}, or as soon as the clock is
   * moved past it. The delay is computed and the timer registered under one lock with
   * {@link #clockMoved}, so a clock moved meanwhile cannot leave the task waiting in real time.
   */
  public ScheduledFuture<?> scheduleAt(Runnable task, long atMillis) {
    synchronized (timed) {
      ScheduledFuture<?> timer = timers.schedule(() -> workers.execute(task),
          Math.max(0, atMillis - nowMillis()), TimeUnit.MILLISECONDS);
      timed.put(timer, task);
      if (timed.size() > prunedSize * 2) {
        timed.keySet().removeIf(ScheduledFuture::isDone);
        prunedSize = Math.max(64, timed.size());
      }
      return timer;
    }
  }

  /**
   * The server clock was moved (a test advanced or set it): runs every pending timed task now, so
   * heartbeats and wait deadlines that became due fire without waiting in real time. Tasks
   * re-check the clock, so one that is not due yet simply re-arms.
   */
  public void clockMoved() {
    synchronized (timed) {
      for (var entry : timed.entrySet()) {
        ScheduledFuture<?> timer = entry.getKey();
        if (timer.cancel(false)) {
          workers.execute(entry.getValue());
        }
        timed.remove(timer);
      }
    }
  }

  /** A random heartbeat interval within the configured range (lite: 5-15 s). */
  public long nextHeartbeatMillis() {
    return heartbeatMinMillis == heartbeatMaxMillis
        ? heartbeatMinMillis
        : ThreadLocalRandom.current().nextLong(heartbeatMinMillis, heartbeatMaxMillis + 1);
  }

  public AppendBudget appendBudget() {
    return appendBudget;
  }

  /** Runs on the session workers. */
  public Executor executor() {
    return workers;
  }

  /** Tracks a session until {@link #left}; one that joins while the server stops is told at once. */
  void joined(Live session) {
    live.add(session);
    if (shuttingDown) {
      session.serverStopping();
    }
  }

  void left(Live session) {
    live.remove(session);
  }

  boolean isShuttingDown() {
    return shuttingDown;
  }

  /** Asks every live session to end (read sessions at once, append sessions after their acks); returns how many. */
  public int shutdown() {
    shuttingDown = true;
    int n = 0;
    for (Live session : live) {
      session.serverStopping();
      n++;
    }
    return n;
  }

  /** Stops the workers and timers; waits a little for steps that are running. */
  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
