package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.json.JsonLocator;
import dev.s2lite.emulator.tls.TlsCertificate;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the emulator: Javalin on Jetty 12, one port serving HTTP/1.1 and HTTP/2
 * cleartext (prior knowledge and Upgrade). Routes are grouped per resource in {@link Routes}
 * implementations; errors are rendered in one place, here.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /** The default of how long a connection may stay silent with nothing in progress. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

  /**
   * HTTP/2 control events (RST_STREAM, PING, SETTINGS...) a connection may send per second.
   * Jetty's default (128) kills the connection with ENHANCE_YOUR_CALM when a client cancels a
   * hundred sessions at once, taking its other sessions down; lite allows that.
   */
  private static final int H2_MAX_CONTROL_EVENTS_PER_SECOND = 10_000;

  /** The request line and headers together, on HTTP/1.1 and HTTP/2: hyper's buffer, as lite. */
  static final int MAX_REQUEST_HEADER_BYTES = 8192 + 4096 * 100;

  /** Pending connections the listening socket queues (as tokio's default), so bursts of clients are not refused. */
  private static final int ACCEPT_QUEUE = 1024;

  private final Javalin app;
  private final RequestGate gate;
  private ServerConnector connector;

  /**
   * @param tls when not null, the port speaks TLS only, with ALPN offering HTTP/2 ({@code h2}) and
   *     HTTP/1.1, as s2-lite does with {@code --tls-*}
   * @param requestBodyTimeout how long a unary request's body may take to arrive in full, from its
   *     headers; then it is {@code 408 request_timeout}
   * @param idleTimeout how long a connection may stay silent with nothing in progress
   * @param filters servlet filters every request passes first, in order (the journal)
   */
  public HttpServer(String host, int port, boolean cors, TlsCertificate tls, Duration requestBodyTimeout,
      Duration idleTimeout, List<Filter> filters, List<Routes> routes) {
    this.gate = new RequestGate(requestBodyTimeout);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.compressionStrategy = CompressionStrategy.NONE;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = Long.MAX_VALUE;
      config.router.ignoreTrailingSlashes = false;
      config.jetty.modifyHttpConfiguration(http -> {
        // Stream names may hold '/', which clients send as %2F inside one path segment.
        http.setUriCompliance(UriCompliance.DEFAULT.with("s2",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            // Lite accepts control characters in stream names, so %01 and the like must reach the routes.
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
            // A segment that decodes to invalid UTF-8 is lite's 400 bad_path, not Jetty's HTML page.
            UriCompliance.Violation.BAD_UTF8_ENCODING));
        // Lite (hyper) serves large headers (its HTTP/1 buffer holds about 400 KiB); Jetty's 8 KiB
        // refused a 20 KB header with 431.
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
      });
      // Errors Jetty answers itself (a malformed request line, oversized headers) get lite's bare
      // status with an empty body instead of an HTML page.
      // In front of Javalin's handlers (which it attaches inside the innermost wrapper).
      config.jetty.modifyServer(server -> server.insertHandler(gate));
      config.jetty.modifyServer(server -> server.setErrorHandler((request, response, callback) -> {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
          // Jetty drops an HTTP/1 connection after a request it could not parse: say so, so that
          // clients do not send their next request on it.
          response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, null, callback);
        return true;
      }));
      config.jetty.modifyServletContextHandler(handler -> {
        handler.getServletHandler().setDecodeAmbiguousURIs(true);
        for (Filter filter : filters) {
          handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
      });
      config.jetty.addConnector((server, httpConfig) -> {
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(httpConfig);
        h2c.setStreamIdleTimeout(idleTimeout.toMillis());
        h2c.setMaxConcurrentStreams(1024);
        h2c.setRateControlFactory(new WindowRateControl.Factory(H2_MAX_CONTROL_EVENTS_PER_SECOND));
        ServerConnector c = tls == null
            ? new ServerConnector(server, new HttpConnectionFactory(httpConfig), h2c)
            : TlsConnector.create(server, httpConfig, tls, idleTimeout, H2_MAX_CONTROL_EVENTS_PER_SECOND);
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(idleTimeout.toMillis());
        c.setAcceptQueueSize(ACCEPT_QUEUE);
        // Stopping must not shorten the idle timeout of open connections: a session waiting for
        // its acks is quiet on purpose, and the shutdown has its own bound.
        c.setShutdownIdleTimeout(-1);
        connector = c;
        return c;
      });

      if (cors) {
        config.routes.before(Cors::addHeaders);
      }
      config.routes.exception(S2Error.class, (e, ctx) -> renderError(ctx, e));
      config.routes.exception(Requests.UnsupportedEncoding.class, (e, ctx) -> {
        ctx.header("accept-encoding", "zstd,gzip");
        Responses.empty(ctx, 415);
      });
      config.routes.exception(Exception.class, (e, ctx) -> renderError(ctx, unexpected(ctx, e)));
      // Errors (running out of heap above all) get an S2 error body too, not Jetty's empty 500.
      config.router.javaLangErrorHandler((res, error) -> {
        LOG.error("fatal error answering a request", error);
        S2Error e = error instanceof OutOfMemoryError ? S2Error.outOfMemory() : S2Error.other(error.toString());
        if (!res.isCommitted()) {
          res.resetBuffer();
          res.setStatus(e.status());
          res.setContentType("application/json");
          try {
            res.getOutputStream().write(Json.bytes(e.body()));
          } catch (java.io.IOException | RuntimeException unwritable) {
            LOG.debug("could not answer after {}", error.toString());
          }
        }
      });
      // Unknown routes and methods answer with an empty body, as lite's router does.
      config.routes.error(404, ctx -> blankUnlessRendered(ctx, cors));
      config.routes.error(405, ctx -> blankUnlessRendered(ctx, cors));

      for (Routes r : routes) {
        r.register(config.routes);
      }
    });
  }

  private static final String RENDERED = "s2lite.error-rendered";

  /**
   * Exempts an exchange that waits on purpose (a session, a long poll) from the idle timeout for
   * as long as it lasts, as lite never times them out; the connection's own timeout is restored
   * after it.
   */
  static void noIdleTimeout(io.javalin.http.Context ctx) {
    ServletContextRequest.getServletContextRequest(ctx.req()).addHttpStreamWrapper(stream -> {
      long before = stream.getIdleTimeout();
      stream.setIdleTimeout(0);
      return new HttpStream.Wrapper(stream) {
        @Override
        public void succeeded() {
          stream.setIdleTimeout(before);
          super.succeeded();
        }

        @Override
        public void failed(Throwable x) {
          stream.setIdleTimeout(before);
          super.failed(x);
        }
      };
    });
  }

  /** The S2 error for a failure no route expected; running out of heap is a retryable 503. */
  static S2Error unexpected(io.javalin.http.Context ctx, Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    if (failure instanceof S2Error e) {
      return e;
    }
    if (failure instanceof OutOfMemoryError) {
      LOG.error("out of memory answering {} {}", ctx.method(), ctx.path());
      return S2Error.outOfMemory();
    }
    LOG.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), failure);
    return S2Error.other(failure.toString());
  }

  static void renderError(io.javalin.http.Context ctx, S2Error e) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    // A value of the JSON body that does not fit: say where it is, as lite's parser does.
    S2Error located = JsonLocator.locate(e, ctx.attribute(Requests.JSON_BODY));
    Responses.json(ctx, located.status(), located.body());
  }

  private static void blankUnlessRendered(io.javalin.http.Context ctx, boolean cors) {
    if (cors && Cors.isPreflight(ctx)) {
      // No route answers OPTIONS; the CORS layer answers every preflight itself.
      Cors.answerPreflight(ctx);
      return;
    }
    if (ctx.attribute(RENDERED) == null) {
      ctx.contentType("text/plain");
      ctx.result(new byte[0]);
    }
  }

  public HttpServer start() {
    app.start();
    return this;
  }

  /** Every registered route as {@code "METHOD /path/{param}"}, in registration order. */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .toList();
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  public InetSocketAddress address() {
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    return new InetSocketAddress(host, port());
  }

  /**
   * The first step of a graceful stop: the listening socket closes (new connections are refused),
   * requests arriving on open connections are answered {@code 503 unavailable}, and idle
   * connections are closed; requests already admitted carry on.
   */
  public void beginShutdown() {
    gate.drain();
    connector.shutdown();
  }

  /** Waits until every admitted request has completed, or the deadline ({@link System#nanoTime}); true if all did. */
  public boolean awaitIdle(long deadlineNanos) {
    try {
      return gate.awaitIdle(deadlineNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** How long ago the last request started. */
  public Duration sinceLastRequest() {
    return Duration.ofNanos(gate.nanosSinceLastRequest());
  }

  /** Requests admitted and not yet completed. */
  public long inFlight() {
    return gate.inFlight();
  }

  /** Stops serving: every connection still open is closed. */
  @Override
  public void close() {
    app.stop();
  }
}
