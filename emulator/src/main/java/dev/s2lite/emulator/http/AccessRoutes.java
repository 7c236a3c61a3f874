package dev.s2lite.emulator.http;

import dev.s2lite.emulator.auth.AccessTokens;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.metrics.Usage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * The hooks around every request: before a {@code /v1} route runs, its bearer token is checked
 * and its caller attached ({@link Access}); after any request, {@code /metrics} counts it, and a
 * successful {@code /v1} operation is metered for the metrics API (account and basin ops, unary
 * reads).
 */
public final class AccessRoutes implements Routes {

  private static final String STARTED = "s2lite.started-nanos";

  private final AccessTokens tokens;
  private final Usage usage;
  private final ServerMetrics metrics;

  public AccessRoutes(AccessTokens tokens, Usage usage, ServerMetrics metrics) {
    this.tokens = tokens;
    this.usage = usage;
    this.metrics = metrics;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    routes.beforeMatched("/v1/*", ctx -> Access.attach(ctx, tokens, usage, metrics));
    routes.after(this::served);
  }

  private void served(Context ctx) {
    Long started = ctx.attribute(STARTED);
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    metrics.requestServed(ctx.method().name(), endpoint == null ? "unmatched" : endpoint.path,
        ctx.statusCode(), started == null ? 0 : System.nanoTime() - started);
    Access access = Access.orNull(ctx);
    if (access == null || access.operation() == null || ctx.statusCode() >= 300) {
      return;
    }
    Operation op = access.operation();
    if (op == Operation.READ) {
      if (!SessionRoutes.isSession(ctx)) {
        usage.unaryRead(access.basin());
      }
    } else if (op.level() == Operation.Level.ACCOUNT || op.name().endsWith("_METRICS")) {
      usage.accountOp(op);
    } else if (op.level() == Operation.Level.BASIN || op == Operation.CHECK_TAIL) {
      usage.basinOp(access.basin(), op);
    }
  }
}
