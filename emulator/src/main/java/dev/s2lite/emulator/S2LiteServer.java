package dev.s2lite.emulator;

import dev.s2lite.emulator.admin.AdminRoutes;
import dev.s2lite.emulator.admin.OpenApiRoutes;
import dev.s2lite.emulator.auth.AccessTokenInfo;
import dev.s2lite.emulator.auth.AccessTokens;
import dev.s2lite.emulator.auth.MemoryAccessTokenStore;
import dev.s2lite.emulator.auth.Principal;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.clock.ControlledClock;
import dev.s2lite.emulator.dashboard.DashboardRoutes;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.fault.Faults;
import dev.s2lite.emulator.housekeeping.HeapReturn;
import dev.s2lite.emulator.housekeeping.Housekeeper;
import dev.s2lite.emulator.http.AccessRoutes;
import dev.s2lite.emulator.http.AccessTokenRoutes;
import dev.s2lite.emulator.http.BasinRoutes;
import dev.s2lite.emulator.http.FaultFilter;
import dev.s2lite.emulator.http.HealthRoutes;
import dev.s2lite.emulator.http.HttpServer;
import dev.s2lite.emulator.http.JournalFilter;
import dev.s2lite.emulator.http.MetricsRoutes;
import dev.s2lite.emulator.http.RecordRoutes;
import dev.s2lite.emulator.http.Routes;
import dev.s2lite.emulator.http.SessionRoutes;
import dev.s2lite.emulator.http.StreamRoutes;
import dev.s2lite.emulator.http.StubRoutes;
import dev.s2lite.emulator.init.InitFile;
import dev.s2lite.emulator.journal.Journal;
import dev.s2lite.emulator.metrics.MeteredStore;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.metrics.Usage;
import dev.s2lite.emulator.record.Engines;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.session.Sessions;
import dev.s2lite.emulator.snapshot.Snapshots;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoreSettings;
import dev.s2lite.emulator.store.Stores;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.StreamService;
import dev.s2lite.emulator.tls.TlsCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
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
 *
 * <p>Tests control it through {@link #clock()}, {@link #faults()}, {@link #journal()},
 * {@link #snapshots()}, {@link #seed(String)} and {@link #reset(String)}, also served over HTTP
 * under {@code /_emulator} (TestControlTest runs this example):
 *
 * <pre>{@code
 * s2.seed("{\"basins\": [{\"name\": \"orders-basin\", \"streams\": [{\"name\": \"eu\"}]}]}");
 * s2.faults().failNext(Operation.APPEND, 503);     // the next append fails; a retry succeeds
 * s2.clock().advance(Duration.ofDays(8));          // past the default 7-day retention
 * List<JournalEntry> sent = s2.journal().requests(JournalQuery.operation(Operation.APPEND));
 * }</pre>
 */
public final class S2LiteServer implements AutoCloseable {

  /**
   * What SDKs send as the bearer token when enforcement is off (the default): the emulator then
   * does not check it, nor does s2-lite.
   */
  public static final String ACCESS_TOKEN = "ignored";

  /** The default of {@link Builder#requestBodyTimeout}. */
  public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** The default of {@link Builder#shutdownTimeout}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(S2LiteServer.class);

  private final Settings settings;
  private final ControlledClock clock;
  private final Faults faults;
  private final Journal journal;
  private final Snapshots snapshots;
  private final Instant createdAt;
  private final ReentrantLock metadataLock;
  private final Store store;
  /** The storage options, as {@code /dashboard/config.json} reports them. */
  private final StoreSettings storage;
  private final Engines engines;
  private final Housekeeper housekeeper;
  private final BasinService basins;
  private final StreamService streams;
  private final Sessions sessions;
  private final Usage usage;
  private final ServerMetrics metrics;
  private final AccessTokens accessTokens;
  private final RecordService records;
  private final HttpServer http;
  private volatile boolean started;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private S2LiteServer(Settings settings, StoreSettings storage, Store opened) {
    this.settings = settings;
    this.storage = storage;
    this.createdAt = Instant.now();
    // Everything that reads time reads this clock (access tokens' expires_at too), so tests can move it.
    this.clock = new ControlledClock(settings.clock);
    this.usage = new Usage(clock);
    this.metrics = new ServerMetrics();
    this.accessTokens = new AccessTokens(new MemoryAccessTokenStore(), clock,
        settings.auth, settings.rootToken);
    // Every write passes the usage meter, so the storage metrics follow what is kept.
    this.store = new MeteredStore(opened, usage);
    this.metadataLock = new ReentrantLock();
    this.engines = new Engines(store, clock, this::wakeHousekeeper);
    this.housekeeper = new Housekeeper(store, engines, clock, metadataLock,
        settings.housekeepingPeriod, new HeapReturn(this::isIdle, System::gc));
    this.basins = new BasinService(store, clock, metadataLock, housekeeper);
    this.streams = new StreamService(store, clock, metadataLock, basins, housekeeper, engines);
    this.sessions = new Sessions(clock, settings.heartbeatMin, settings.heartbeatMax,
        settings.appendInflightBytes);
    this.records = new RecordService(store, basins, streams, engines, metrics);
    this.faults = new Faults(clock);
    this.journal = new Journal(clock, settings.journalCapacity);
    this.snapshots = new Snapshots(store, engines, metadataLock, clock);
    // Moving the clock runs what became due: session heartbeats and deadlines, then background work.
    clock.onMove(sessions::clockMoved);
    clock.onMove(housekeeper::runOnce);
    List<Routes> routes = new ArrayList<>(List.of(
        new HealthRoutes(store::unavailable),
        new FaultFilter(faults),
        new AccessRoutes(accessTokens, usage, metrics),
        new BasinRoutes(basins),
        new StreamRoutes(streams),
        recordRoutes(records),
        new AccessTokenRoutes(accessTokens),
        new MetricsRoutes(usage, metrics, clock),
        new StubRoutes(),
        new AdminRoutes(new AdminRoutes.Services(this::reset, this::reset, this::seed,
            clock, faults, journal, snapshots, store)),
        new OpenApiRoutes()));
    if (settings.dashboard) {
      routes.add(new DashboardRoutes(this::dashboardInfo));
    }
    this.http = new HttpServer(settings.host, settings.port, settings.cors, settings.tls,
        settings.requestBodyTimeout, settings.idleTimeout, List.of(new JournalFilter(journal)), routes);
  }

  private DashboardRoutes.ServerInfo dashboardInfo() {
    return new DashboardRoutes.ServerInfo(Main.Version.current(), createdAt, storage.main(), storage.wal(),
        storage.path(), storage.effectiveFlushInterval(),
        settings.tls == null ? DashboardRoutes.Tls.NONE
            : settings.tls.isSelfSigned() ? DashboardRoutes.Tls.SELF_SIGNED : DashboardRoutes.Tls.CERTIFICATE,
        port(), settings.cors, settings.initFile == null ? settings.initSource : settings.initFile.toString(),
        settings.appendInflightBytes);
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
    if (settings.snapshotFile != null) {
      snapshots.restoreFrom(settings.snapshotFile);
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
    // A durable store may come back with deletions in progress: finish them now, not a period later.
    housekeeper.wake();
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
    return URI.create((settings.tls == null ? "http://" : "https://") + host + ":" + port());
  }

  /** The certificate the server speaks TLS with, or null without TLS ({@link Builder#tls}). */
  public TlsCertificate tlsCertificate() {
    return settings.tls;
  }

  /**
   * An {@link SSLContext} that trusts this server's certificate, for clients of a server with a
   * self-signed one; null without TLS.
   */
  public SSLContext sslContext() {
    return settings.tls == null ? null : settings.tls.trustingContext();
  }

  /**
   * The bearer token for S2 clients ({@code S2_ACCESS_TOKEN}): the root token, which may do
   * everything, when {@link Builder#auth} is on; else {@value #ACCESS_TOKEN}, which is never
   * checked.
   */
  public String accessToken() {
    return accessTokens.enforced() ? accessTokens.rootToken() : ACCESS_TOKEN;
  }

  /** Whether bearer tokens are checked ({@link Builder#auth}). */
  public boolean authEnforced() {
    return accessTokens.enforced();
  }

  /**
   * Issues an access token as the root token would ({@code POST /v1/access-tokens}), and returns
   * the string clients send as their bearer token.
   *
   * <pre>{@code
   * String reader = s2.issueAccessToken(new AccessTokenInfo("orders-reader", null, false,
   *     AccessTokenScope.builder().basins(ResourceSet.exact("orders-basin"))
   *         .streams(ResourceSet.prefix("")).streamGroup(ReadWrite.READ_ONLY).build()));
   * }</pre>
   *
   * @throws dev.s2lite.emulator.error.S2Error as the API would answer: {@code 422 invalid} for an
   *     empty scope or a past expiry, {@code 409 resource_already_exists} for a taken id
   */
  public String issueAccessToken(AccessTokenInfo token) {
    return accessTokens.issue(Principal.ROOT, token);
  }

  /** The value for {@code S2_ACCOUNT_ENDPOINT}: the server itself. */
  public URI accountEndpoint() {
    return endpoint();
  }

  /** The value for {@code S2_BASIN_ENDPOINT}: the server itself; basins go in the {@code S2-Basin} header. */
  public URI basinEndpoint() {
    return endpoint();
  }

  /**
   * Forgets every basin, stream and record, the issued access tokens and the usage history,
   * without a restart. The root token stays.
   */
  public void reset() {
    metadataLock.lock();
    try {
      store.clear();
      engines.clear();
      accessTokens.clear();
      housekeeper.reset();
    } finally {
      metadataLock.unlock();
    }
  }

  /**
   * Forgets one basin with its streams and records at once (no deletion-pending phase), without a
   * restart; other basins are untouched. Open sessions on its streams end.
   *
   * @throws dev.s2lite.emulator.error.S2Error {@code 404 basin_not_found} if there is no such basin
   */
  public void reset(String basin) {
    metadataLock.lock();
    try {
      if (store.basin(basin).isEmpty()) {
        throw S2Error.basinNotFound(basin);
      }
      List<StreamMeta> page;
      while (!(page = store.streams(basin, "", "", 1000)).isEmpty()) {
        for (StreamMeta stream : page) {
          store.removeStream(basin, stream.name());
          engines.remove(basin, stream.name());
        }
      }
      store.removeBasin(basin);
    } finally {
      metadataLock.unlock();
    }
  }

  /**
   * Applies an init file's content (the {@code --init-file} JSON) now, as at start-up: basins and
   * streams are created or reconfigured, nothing else is touched.
   *
   * <pre>{@code
   * s2.seed("{\"basins\": [{\"name\": \"orders\", \"streams\": [{\"name\": \"eu\"}]}]}");
   * }</pre>
   *
   * @throws dev.s2lite.emulator.init.InitFileException if the content is not a valid init file
   */
  public void seed(String initFileJson) {
    seed(initFileJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void seed(byte[] initFile) {
    InitFile.parse("(seed)", initFile).apply(basins, streams);
  }

  /** The server's clock: freeze it, move it, and everything that reads time follows. */
  public ControlledClock clock() {
    return clock;
  }

  /** The fault rules: make requests fail, slow down, or lose their session or connection. */
  public Faults faults() {
    return faults;
  }

  /** The last requests the server received. */
  public Journal journal() {
    return journal;
  }

  /** Snapshots of the whole state, in memory by name or as files. */
  public Snapshots snapshots() {
    return snapshots;
  }

  /** Every route the server answers, as {@code "METHOD /path/{param}"} (for the OpenAPI route-set test). */
  List<String> routes() {
    return http.routes();
  }

  /** No request has started and no session has moved records for a couple of seconds. */
  private boolean isIdle() {
    return http.sinceLastRequest().compareTo(IDLE_AFTER) >= 0
        && sessions.sinceLastActivity().compareTo(IDLE_AFTER) >= 0;
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
   * timeout is cut. The store is closed last, so every acknowledged
   * write is in it. Calling it again waits for the first call.
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

    /**
     * How many requests the journal keeps (the oldest go first); default 1000, 0 turns it off.
     */
    public Builder journalCapacity(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("journal capacity must not be negative");
      }
      settings.journalCapacity = entries;
      return this;
    }

    /** Whether to serve the web dashboard at {@code /dashboard}; default true, as s2-lite. */
    public Builder dashboard(boolean dashboard) {
      settings.dashboard = dashboard;
      return this;
    }

    /** A snapshot file (as {@code Snapshots.exportTo} writes) restored at start, before the init file. */
    public Builder restoreSnapshot(Path snapshotFile) {
      settings.snapshotFile = snapshotFile;
      return this;
    }

    /**
     * Where the server's time comes from; default the system clock. The server's own
     * {@link S2LiteServer#clock()} runs on it and can be frozen and moved.
     */
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
     * Keeps the data in an H2 database under {@code dir} (created if missing), as s2-lite's
     * {@code --local-root}: it survives restarts and crashes; appends are acknowledged once
     * fsync'ed. Default: in memory.
     */
    public Builder localRoot(Path dir) {
      settings.localRoot = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Serves HTTPS with this certificate (HTTP/2 by ALPN, and HTTP/1.1) instead of cleartext;
     * default none. {@link TlsCertificate#selfSigned()} is s2-lite's {@code --tls-self}.
     */
    public Builder tls(TlsCertificate tls) {
      settings.tls = tls;
      return this;
    }

    /**
     * Whether bearer tokens are checked against issued access tokens, as in the S2 cloud; default
     * false, as s2-lite. With it on, {@link S2LiteServer#accessToken()} is the root token.
     */
    public Builder auth(boolean auth) {
      settings.auth = auth;
      return this;
    }

    /** The root token when {@link #auth} is on; default a random one made at build time. */
    public Builder rootToken(String rootToken) {
      if (rootToken != null && (rootToken.isBlank() || !rootToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
        throw new IllegalArgumentException("the root token must be visible ASCII without spaces");
      }
      settings.rootToken = rootToken;
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
     * Keeps the data in an S3 bucket (or any S3-compatible object store), as s2-lite's
     * {@code --bucket}, under the key prefix {@code path} (empty for none); endpoint, region and
     * credentials come from the AWS configuration: {@link #environment} (default the process's),
     * then the AWS SDK's own chains (profile files...). Needs the AWS SDK for Java v2 on the class
     * path ({@code software.amazon.awssdk:s3} and {@code apache5-client}; the standalone jar has it).
     *
     * <pre>{@code
     * S2LiteServer.builder().bucket("my-bucket", "emulator/dev")
     *     .environment(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000", "AWS_REGION", "us-east-1",
     *         "AWS_ACCESS_KEY_ID", "key", "AWS_SECRET_ACCESS_KEY", "secret"))
     *     .build().start();
     * }</pre>
     */
    public Builder bucket(String bucket, String path) {
      settings.bucket = Objects.requireNonNull(bucket, "bucket");
      settings.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * The environment variables the S3 options read instead of the process's: {@code
     * AWS_ENDPOINT_URL_S3} (or {@code AWS_ENDPOINT_URL}), {@code AWS_REGION}, {@code
     * AWS_ACCESS_KEY_ID} with {@code AWS_SECRET_ACCESS_KEY}, and s2-lite's {@code
     * S2LITE_WAL_AWS_*} for {@link #walBucket}: for an S3-compatible server a test starts itself.
     */
    public Builder environment(Map<String, String> env) {
      settings.environment = Map.copyOf(env);
      return this;
    }

    /** A key prefix inside the store (s2-lite's {@code --path}); for a local root, a subdirectory. */
    public Builder path(String path) {
      settings.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Keeps the write-ahead log in a local directory (s2-lite's {@code --wal-local-root}): with
     * {@link #bucket}, appends are acknowledged once fsync'ed there and reach the bucket at the
     * next checkpoint. Needs a main store; refused with {@link #localRoot}, whose file keeps its
     * own log.
     */
    public Builder walLocalRoot(Path dir) {
      settings.walLocalRoot = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Keeps the write-ahead log in an S3 bucket of its own (s2-lite's {@code --wal-bucket}), reached
     * with the {@code S2LITE_WAL_AWS_*} overrides of {@link #environment}. Needs {@link #bucket};
     * refused with {@link #localRoot}.
     */
    public Builder walBucket(String bucket) {
      settings.walBucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    /**
     * How long appends gather before one commit makes them durable together (group commit).
     * Default as s2-lite: 5 ms, or 50 ms when the write-ahead log is in S3.
     */
    public Builder flushInterval(Duration interval) {
      settings.flushInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Heap bytes a durable store caches; default an eighth of the maximum heap, 8 to 256 MiB. */
    public Builder cacheSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("the cache size must be positive");
      }
      settings.cacheBytes = bytes;
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

    /**
     * Runs on this store instead of one the options above describe (an {@code S3Store} opened
     * with settings of your own, say); the server closes it when it closes. {@code
     * /dashboard/config.json} still reports the options.
     */
    public Builder store(Store store) {
      settings.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Checks the options and opens the store (a durable one recovers what it holds).
     *
     * @throws IllegalArgumentException for a storage combination s2-lite refuses, or AWS
     *     variables it refuses
     * @throws Stores.UnsupportedStoreException for one this build cannot serve
     * @throws IllegalStateException when the store cannot be opened (e.g. in use by another process)
     */
    public S2LiteServer build() {
      Settings copy = settings.copy();
      StoreSettings storage = StoreSettings.fromFlags(copy.localRoot, copy.bucket, copy.path,
          copy.walLocalRoot, copy.walBucket, copy.flushInterval, copy.cacheBytes);
      Store store = copy.store != null ? copy.store
          : Stores.open(storage, copy.environment != null ? copy.environment : System.getenv());
      try {
        return new S2LiteServer(copy, storage, store);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
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
    Path localRoot;
    String bucket;
    String path = "";
    Path walLocalRoot;
    String walBucket;
    Duration flushInterval;
    long cacheBytes;
    Store store;
    Map<String, String> environment;
    boolean auth;
    String rootToken;
    TlsCertificate tls;
    int journalCapacity = Journal.DEFAULT_CAPACITY;
    boolean dashboard = true;
    Path snapshotFile;
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
      s.localRoot = localRoot;
      s.bucket = bucket;
      s.path = path;
      s.walLocalRoot = walLocalRoot;
      s.walBucket = walBucket;
      s.flushInterval = flushInterval;
      s.cacheBytes = cacheBytes;
      s.store = store;
      s.environment = environment;
      s.auth = auth;
      s.rootToken = rootToken;
      s.tls = tls;
      s.journalCapacity = journalCapacity;
      s.dashboard = dashboard;
      s.snapshotFile = snapshotFile;
      s.requestBodyTimeout = requestBodyTimeout;
      s.shutdownTimeout = shutdownTimeout;
      s.idleTimeout = idleTimeout;
      return s;
    }
  }
}
