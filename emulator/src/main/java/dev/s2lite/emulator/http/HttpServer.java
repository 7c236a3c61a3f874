package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.tls.TlsCertificate;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.HttpConnectionFactory;
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

  /** Long enough for idle sessions, which heartbeat well within it. */
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

  /**
   * HTTP/2 control events (RST_STREAM, PING, SETTINGS...) a connection may send per second.
   * Jetty's default (128) kills the connection with ENHANCE_YOUR_CALM when a client cancels a
   * hundred sessions at once, taking its other sessions down; lite allows that.
   */
  private static final int H2_MAX_CONTROL_EVENTS_PER_SECOND = 10_000;

  private final Javalin app;
  private ServerConnector connector;

  public HttpServer(String host, int port, boolean cors, List<Routes> routes) {
    this(host, port, cors, routes, null, List.of(), Optional::empty);
  }

  /**
   * @param tls when not null, the port speaks TLS only, with ALPN offering HTTP/2 ({@code h2}) and
   *     HTTP/1.1, as s2-lite does with {@code --tls-*}
   * @param filters servlet filters every request passes first, in order (the journal)
   * @param unavailable why the store can no longer serve (s2-lite's fenced server: {@code Fenced}),
   *     which {@code /health} and {@code /ping} then answer with 503; empty while it can
   */
  public HttpServer(String host, int port, boolean cors, List<Routes> routes, TlsCertificate tls,
      List<Filter> filters, Supplier<Optional<String>> unavailable) {
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
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
      });
      // Errors Jetty answers itself (a malformed request line, oversized headers) get lite's bare
      // status with an empty body instead of an HTML page.
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
        h2c.setStreamIdleTimeout(IDLE_TIMEOUT.toMillis());
        h2c.setMaxConcurrentStreams(1024);
        h2c.setRateControlFactory(new WindowRateControl.Factory(H2_MAX_CONTROL_EVENTS_PER_SECOND));
        ServerConnector c = tls == null
            ? new ServerConnector(server, new HttpConnectionFactory(httpConfig), h2c)
            : TlsConnector.create(server, httpConfig, tls, IDLE_TIMEOUT, H2_MAX_CONTROL_EVENTS_PER_SECOND);
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
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
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
        renderError(ctx, S2Error.other(e.toString()));
      });
      // Unknown routes and methods answer with an empty body, as lite's router does.
      config.routes.error(404, ctx -> blankUnlessRendered(ctx, cors));
      config.routes.error(405, ctx -> blankUnlessRendered(ctx, cors));

      config.routes.get("/health", ctx -> health(ctx, unavailable));
      config.routes.get("/ping", ctx -> health(ctx, unavailable));
      for (Routes r : routes) {
        r.register(config.routes);
      }
    });
  }

  private static void health(io.javalin.http.Context ctx, Supplier<Optional<String>> unavailable) {
    Optional<String> problem = unavailable.get();
    ctx.contentType("text/plain; charset=utf-8").status(problem.isPresent() ? 503 : 200).result(problem.orElse("OK"));
  }

  private static final String RENDERED = "s2lite.error-rendered";

  static void renderError(io.javalin.http.Context ctx, S2Error e) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    Responses.json(ctx, e.status(), e.body());
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

  @Override
  public void close() {
    app.stop();
  }
}
