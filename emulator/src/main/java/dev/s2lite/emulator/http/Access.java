package dev.s2lite.emulator.http;

import dev.s2lite.emulator.auth.AccessTokens;
import dev.s2lite.emulator.auth.Listing;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.auth.Principal;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.metrics.Usage;
import dev.s2lite.emulator.record.Command;
import io.javalin.http.Context;
import java.util.List;

/**
 * One {@code /v1} request's caller: the principal its bearer token makes it (root when enforcement
 * is off), checked by the routes against each operation and resource, and the operation it turned
 * out to be, which is metered once the request succeeds. Stream names pass through here on the
 * way in and out, so that auto-prefixing tokens see their own namespace.
 */
public final class Access {

  private static final String ATTRIBUTE = "s2lite.access";

  private final Principal principal;
  private final String connection;
  private final Usage usage;
  private final ServerMetrics metrics;
  private Operation operation;
  private String basin;

  private Access(Principal principal, String connection, Usage usage, ServerMetrics metrics) {
    this.principal = principal;
    this.connection = connection;
    this.usage = usage;
    this.metrics = metrics;
  }

  /** Authenticates the request and attaches its caller; {@code 401}/{@code 403} for a bad token. */
  static void attach(Context ctx, AccessTokens tokens, Usage usage, ServerMetrics metrics) {
    Principal principal = tokens.authenticate(ctx.header("authorization"));
    ctx.attribute(ATTRIBUTE, new Access(principal, connectionId(ctx), usage, metrics));
  }

  /** The caller of a {@code /v1} request. */
  public static Access of(Context ctx) {
    Access access = ctx.attribute(ATTRIBUTE);
    if (access == null) {
      throw new IllegalStateException("no caller attached to " + ctx.method() + " " + ctx.path());
    }
    return access;
  }

  /** The caller, or null for requests outside {@code /v1} (or refused before it was known). */
  static Access orNull(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  private static String connectionId(Context ctx) {
    try {
      return ctx.req().getServletConnection().getConnectionId();
    } catch (RuntimeException e) {
      return ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort();
    }
  }

  public Principal principal() {
    return principal;
  }

  Usage usage() {
    return usage;
  }

  ServerMetrics metrics() {
    return metrics;
  }

  String connection() {
    return connection;
  }

  Operation operation() {
    return operation;
  }

  String basin() {
    return basin;
  }

  // --- authorization, one call per operation ---

  /** An account-level operation naming no resource (list basins, account metrics). */
  public void account(Operation op) {
    principal.require(op);
    note(op, null);
  }

  /** An operation on a basin. */
  public void basin(Operation op, String basinName) {
    principal.requireBasin(op, basinName);
    note(op, basinName);
  }

  /** An operation on a stream; returns the stream's stored name (auto-prefixed for such tokens). */
  public String stream(Operation op, String basinName, String stream) {
    String stored = principal.requireStream(op, basinName, stream);
    note(op, basinName);
    return stored;
  }

  /** An access token operation, checked by the token service itself. */
  void accessTokens(Operation op) {
    note(op, null);
  }

  /**
   * An append batch to a stream: its plain records need {@code append}, a fence command record
   * {@code fence} and a trim command record {@code trim}. Returns the stream's stored name.
   *
   * @param commands the batch's command per record, null for a plain record
   */
  String append(String basinName, String stream, List<Command> commands) {
    boolean plain = commands.isEmpty();
    for (Command c : commands) {
      plain |= c == null;
    }
    String stored = null;
    if (plain) {
      stored = principal.requireStream(Operation.APPEND, basinName, stream);
    }
    if (commands.stream().anyMatch(Command.Fence.class::isInstance)) {
      stored = principal.requireStream(Operation.FENCE, basinName, stream);
    }
    if (commands.stream().anyMatch(Command.Trim.class::isInstance)) {
      stored = principal.requireStream(Operation.TRIM, basinName, stream);
    }
    note(Operation.APPEND, basinName);
    return stored;
  }

  private void note(Operation op, String basinName) {
    operation = op;
    basin = basinName;
  }

  // --- names on the way in and out ---

  /** What of a basin listing this caller may see. */
  Listing basinListing(String prefix, String startAfter) {
    return Listing.within(principal.scope().basins(), prefix, startAfter);
  }

  /** What of a stream listing this caller may see, in stored names. */
  Listing streamListing(String prefix, String startAfter) {
    String stored = principal.storedStreamName(prefix);
    String storedAfter = startAfter.isEmpty() ? "" : principal.storedStreamName(startAfter);
    return Listing.within(principal.scope().streams(), stored, storedAfter);
  }

  /** A stored stream name as this caller sees it. */
  String clientStream(String stored) {
    return principal.clientStreamName(stored);
  }

  // --- usage the routes report ---

  /** An acknowledged append: throughput and append ops. */
  void appended(String basinName, String storedStream, long meteredBytes) {
    usage.appended(connection, basinName, storedStream, meteredBytes);
  }

  /** Records sent to a reader. */
  void read(String basinName, long records, long meteredBytes) {
    usage.read(basinName, meteredBytes);
    metrics.recordsRead(records, meteredBytes);
  }
}
