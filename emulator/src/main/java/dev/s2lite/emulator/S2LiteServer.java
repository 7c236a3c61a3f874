package dev.s2lite.emulator;

import dev.s2lite.emulator.admin.AdminRoutes;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.housekeeping.HeapReturn;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.http.BasinRoutes;
import dev.s2lite.emulator.http.HttpServer;
import dev.s2lite.emulator.http.RecordRoutes;
import dev.s2lite.emulator.http.SessionRoutes;
import dev.s2lite.emulator.http.StreamRoutes;
import dev.s2lite.emulator.http.StubRoutes;
import dev.s2lite.emulator.init.InitFile;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.session.Sessions;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.memory.MemoryStore;
import dev.s2lite.emulator.stream.StreamService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S2 emulator running in this JVM: the same server as {@code java -jar s2lite.jar}, started
 * and stopped from code.
 *
 * <pre>{@code
 * try (S2LiteServer s2 = S2LiteServer.builder().port(0).build().start()) {
 *   URI endpoint = s2.endpoint(); // e.g. http://127.0.0.1:41234
 *   // point an S2 SDK at it: S2_ACCOUNT_ENDPOINT and S2_BASIN_ENDPOINT = endpoint
 *   s2.reset(); // forget every basin and stream
 * }
 * }</pre>
 *
 * <p>(S2LiteServerTest runs this example.) For JUnit 5 tests, the {@code s2lite-junit5} module's
 * {@code @S2Lite} starts and stops servers like this one.
 */
public final class S2LiteServer implements AutoCloseable {

  /** What SDKs send as the bearer token; the emulator does not check it (nor does s2-lite). */
  public static final String ACCESS_TOKEN = "ignored";

  /** The default of {@link Builder#requestBodyTimeout}. */
  public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The default of {@link Builder#shutdownTimeout}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(S2LiteServer.class);

  private final Settings settings;
  private final ReentrantLock metadataLock;
  private final Store store;
  private final Engines engines;
  private final Housekeeper housekeeper;
  private final BasinService basins;
  private final StreamService streams;
  private final Sessions sessions;
  private final RecordService records;
  private final HttpServer http;
  private volatile boolean started;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private S2LiteServer(Settings settings) {
    this.settings = settings;
    this.store = new MemoryStore();
    this.metadataLock = new ReentrantLock();
    this.engines = new Engines(store, settings.clock, this::wakeHousekeeper);
    this.housekeeper = new Housekeeper(store, engines, settings.clock, metadataLock,
        settings.housekeepingPeriod, new HeapReturn(this::isIdle, System::gc));
    this.basins = new BasinService(store, settings.clock, metadataLock, housekeeper);
    this.streams = new StreamService(store, settings.clock, metadataLock, basins, housekeeper, engines);
    this.sessions = new Sessions(settings.clock, settings.heartbeatMin, settings.heartbeatMax,
        settings.appendInflightBytes);
    this.records = new RecordService(store, basins, streams, engines);
    this.http = new HttpServer(settings.host, settings.port, settings.cors, settings.requestBodyTimeout,
        settings.idleTimeout, List.of(
        new BasinRoutes(basins),
        new StreamRoutes(streams),
        recordRoutes(records),
        new StubRoutes(),
        new AdminRoutes(this::reset)));
  }

  private RecordRoutes recordRoutes(RecordService records) {
    return new RecordRoutes(records, new SessionRoutes(records, sessions));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies the init file (if any), then binds the port and serves.
   *
   * @throws dev.s2lite.emulator.init.InitFileException if the init file is missing or invalid
   * @throws IllegalStateException if the port cannot be bound
   */
  public S2LiteServer start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    if (settings.initFile != null) {
      InitFile.load(settings.initFile).apply(basins, streams);
    }
    if (settings.initContent != null) {
      InitFile.parse(settings.initSource, settings.initContent).apply(basins, streams);
    }
    for (String basin : settings.basins) {
      // Only creates: a basin the init file already configured keeps its config.
      if (store.basin(basin).isEmpty()) {
        basins.ensure(basin, BasinConfig.DEFAULTS);
      }
    }
    housekeeper.start();
    try {
      http.start();
    } catch (RuntimeException e) {
      housekeeper.close();
      throw new IllegalStateException(bindFailure(e), e);
    }
    started = true;
    return this;
  }

  private String bindFailure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return "cannot listen on " + settings.host + ":" + settings.port + ": " + t.getMessage();
      }
    }
    return "cannot start the HTTP server on " + settings.host + ":" + settings.port + ": " + e;
  }

  /** The port the server listens on. */
  public int port() {
    return http.port();
  }

  /** The base URI of the server, e.g. {@code http://127.0.0.1:8080}. */
  public URI endpoint() {
    String host = settings.host.equals("0.0.0.0") || settings.host.equals("::")
        ? "localhost" : settings.host;
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** The value for {@code S2_ACCOUNT_ENDPOINT}: the server itself. */
  public URI accountEndpoint() {
    return endpoint();
  }

  /** The value for {@code S2_BASIN_ENDPOINT}: the server itself; basins go in the {@code S2-Basin} header. */
  public URI basinEndpoint() {
    return endpoint();
  }

  /** Forgets every basin, stream and record, without a restart. */
  public void reset() {
    metadataLock.lock();
    try {
      store.clear();
      engines.clear();
      housekeeper.reset();
    } finally {
      metadataLock.unlock();
    }
  }

  /** No request has started for a couple of seconds (sessions that run on do not count). */
  private boolean isIdle() {
    return http.sinceLastRequest().compareTo(IDLE_AFTER) >= 0;
  }

  private static final Duration IDLE_AFTER = Duration.ofSeconds(2);

  private void wakeHousekeeper() {
    housekeeper.wake();
  }

  /**
   * Runs one pass of the background work now (trims, retention expiry, delete-on-empty,
   * finishing deletions), as the periodic task would.
   * With {@link Builder#housekeepingPeriod} zero this is the only way it runs.
   */
  public void runHousekeeping() {
    housekeeper.runOnce();
  }

  /**
   * Stops the server gracefully, within the {@linkplain Builder#shutdownTimeout shutdown timeout}:
   * new connections are refused and new requests on open ones answered {@code 503 unavailable};
   * read sessions end with a terminal {@code 503 unavailable} (an SSE {@code error} event, an S2S
   * terminal frame) so SDKs resume elsewhere; long polls are answered as if their wait had run
   * out; append sessions take no more input, get the acks of what they sent before, then a
   * terminal {@code 503}; unary requests in flight complete. Whatever is still open at the
   * timeout is cut. The store is closed last. Calling it again waits for the first call.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      shutdown();
    } finally {
      closed.countDown();
    }
  }

  private void shutdown() {
    long begin = System.nanoTime();
    if (!started) {
      housekeeper.close();
      sessions.close();
      store.close();
      return;
    }
    LOG.info("stopping: refusing new connections and requests, ending read sessions, finishing admitted"
        + " appends (at most {} ms)", settings.shutdownTimeout.toMillis());
    http.beginShutdown();
    int ended = sessions.shutdown();
    int polls = records.endWaits();
    boolean drained = http.awaitIdle(begin + settings.shutdownTimeout.toNanos());
    long cut = http.inFlight();
    http.close();
    housekeeper.close();
    sessions.close();
    store.close();
    LOG.info("stopped in {} ms: {} session(s) ended, {} long poll(s) answered{}",
        (System.nanoTime() - begin) / 1_000_000, ended, polls,
        drained ? "" : "; " + cut + " request(s) still open at the shutdown timeout were cut");
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Options of an {@link S2LiteServer}; every one has a default. */
  public static final class Builder {
    private final Settings settings = new Settings();

    private Builder() {}

    /** The address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      settings.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      settings.port = port;
      return this;
    }

    /** A resources file ({@code s2 apply} / {@code s2 lite --init-file} JSON) applied at start. */
    public Builder initFile(Path initFile) {
      settings.initFile = initFile;
      settings.initContent = null;
      return this;
    }

    /**
     * An init file's content, for files that are not on a file system (classpath resources);
     * {@code source} names it in error messages.
     */
    public Builder initFile(String source, byte[] content) {
      settings.initSource = Objects.requireNonNull(source, "source");
      settings.initContent = content.clone();
      settings.initFile = null;
      return this;
    }

    /** Basins to create at start, after the init file, with the default configuration. */
    public Builder basins(List<String> names) {
      for (String name : names) {
        String problem = BasinName.problem(name);
        if (problem != null) {
          throw new IllegalArgumentException("invalid basin name \"" + name + "\": " + problem);
        }
      }
      settings.basins = List.copyOf(names);
      return this;
    }

    /** Whether to send permissive CORS headers; default true, as s2-lite. */
    public Builder cors(boolean cors) {
      settings.cors = cors;
      return this;
    }

    /** Where the server's time comes from; default the system clock. */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often the background work runs (it also runs right after each deletion); default 60 s
     * as in s2-lite. {@link Duration#ZERO} turns it off: only {@link S2LiteServer#runHousekeeping()} runs it.
     */
    public Builder housekeepingPeriod(Duration period) {
      if (period.isNegative()) {
        throw new IllegalArgumentException("the housekeeping period must not be negative");
      }
      settings.housekeepingPeriod = period;
      return this;
    }

    /**
     * The range heartbeats of idle read sessions are drawn from; default 5-15 s as in s2-lite
     * (SDKs give up on a session after 20 s of silence). Short ranges make tests fast.
     */
    public Builder heartbeatInterval(Duration min, Duration max) {
      if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("heartbeat interval must be positive with min <= max");
      }
      settings.heartbeatMin = min;
      settings.heartbeatMax = max;
      return this;
    }

    /**
     * Server-wide bytes of appends in flight, unary and session (s2-lite's
     * {@code --append-inflight-bytes}); appends beyond it wait. Default 128 MiB.
     */
    public Builder appendInflightBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("append in-flight bytes must be at least 1");
      }
      settings.appendInflightBytes = bytes;
      return this;
    }

    /**
     * How long a unary request's body may take to arrive in full, counted from its headers; a
     * request whose body is not complete by then is answered {@code 408 request_timeout} and its
     * connection closed. Reading a body holds no thread, so stalled clients cannot starve others.
     * Default 30 s. (Append sessions stream their body and have no such limit.)
     */
    public Builder requestBodyTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the request body timeout must be positive");
      }
      settings.requestBodyTimeout = timeout;
      return this;
    }

    /**
     * How long a connection may stay silent (no request in progress, or a response the client does
     * not take) before it is closed; default 10 min. Sessions and long polls are exempt: they wait
     * as long as they need to, as in s2-lite.
     */
    public Builder idleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the idle timeout must be positive");
      }
      settings.idleTimeout = timeout;
      return this;
    }

    /**
     * How long {@link S2LiteServer#close()} waits for admitted requests and sessions to finish
     * before it cuts the rest; default 10 s, as s2-lite's drain.
     */
    public Builder shutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("the shutdown timeout must not be negative");
      }
      settings.shutdownTimeout = timeout;
      return this;
    }

    public S2LiteServer build() {
      return new S2LiteServer(settings.copy());
    }
  }

  private static final class Settings {
    String host = "127.0.0.1";
    int port = 0;
    Path initFile;
    String initSource;
    byte[] initContent;
    List<String> basins = List.of();
    boolean cors = true;
    Clock clock = Clock.systemUTC();
    Duration housekeepingPeriod = Duration.ofSeconds(60);
    Duration heartbeatMin = Sessions.DEFAULT_HEARTBEAT_MIN;
    Duration heartbeatMax = Sessions.DEFAULT_HEARTBEAT_MAX;
    long appendInflightBytes = Sessions.DEFAULT_APPEND_INFLIGHT_BYTES;
    Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
    Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    Duration idleTimeout = HttpServer.DEFAULT_IDLE_TIMEOUT;

    Settings copy() {
      Settings s = new Settings();
      s.host = host;
      s.port = port;
      s.initFile = initFile;
      s.initSource = initSource;
      s.initContent = initContent;
      s.basins = basins;
      s.cors = cors;
      s.clock = clock;
      s.housekeepingPeriod = housekeepingPeriod;
      s.heartbeatMin = heartbeatMin;
      s.heartbeatMax = heartbeatMax;
      s.appendInflightBytes = appendInflightBytes;
      s.requestBodyTimeout = requestBodyTimeout;
      s.shutdownTimeout = shutdownTimeout;
      s.idleTimeout = idleTimeout;
      return s;
    }
  }
}
