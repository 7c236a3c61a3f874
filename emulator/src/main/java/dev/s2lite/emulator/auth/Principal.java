package dev.s2lite.emulator.auth;

import dev.s2lite.emulator.error.S2Error;
import java.time.Instant;

/**
 * Who a request acts as: the root token (everything) or an issued access token, and the checks
 * every operation makes against its scope ({@code 403 permission_denied} when out of scope).
 *
 * @param tokenId the issued token's id, or null for the root token
 * @param expiresAt when the token stops working, or null for never
 */
public record Principal(String tokenId, AccessTokenScope scope, Instant expiresAt, boolean autoPrefixStreams) {

  /** The root token; also every request's principal when enforcement is off. */
  public static final Principal ROOT = new Principal(null, AccessTokenScope.ALL, null, false);

  static Principal of(AccessTokenInfo token) {
    return new Principal(token.id(), token.scope(), token.expiresAt(), token.autoPrefixStreams());
  }

  public boolean isRoot() {
    return tokenId == null;
  }

  /** An operation that names no resource (list basins, list access tokens, account metrics). */
  public void require(Operation op) {
    if (!scope.permits(op)) {
      throw S2Error.permissionDenied("operation `" + op.wire() + "` is not permitted by the access token");
    }
  }

  /** An operation on a basin (its config, its streams, its metrics). */
  public void requireBasin(Operation op, String basin) {
    require(op);
    if (!scope.basins().matches(basin)) {
      throw S2Error.permissionDenied("basin `" + basin + "` is not in the access token's scope");
    }
  }

  /**
   * An operation on a stream: checks the basin and the stream against the scope and returns the
   * stream's stored name (with the scope's prefix in front when the token auto-prefixes).
   *
   * @param stream the name as the client sent it
   */
  public String requireStream(Operation op, String basin, String stream) {
    requireBasin(op, basin);
    String stored = storedStreamName(stream);
    if (!scope.streams().matches(stored)) {
      throw S2Error.permissionDenied("stream `" + stream + "` is not in the access token's scope");
    }
    return stored;
  }

  /** An operation on an access token id (issue, revoke). */
  public void requireAccessToken(Operation op, String id) {
    require(op);
    if (!scope.accessTokens().matches(id)) {
      throw S2Error.permissionDenied("access token `" + id + "` is not in the access token's scope");
    }
  }

  /** The prefix this token puts in front of stream names, or "". */
  public String streamPrefix() {
    return autoPrefixStreams && scope.streams() instanceof ResourceSet.Prefix p ? p.prefix() : "";
  }

  /** A stream name as the client sent it, as stored. */
  public String storedStreamName(String clientName) {
    return streamPrefix() + clientName;
  }

  /** A stored stream name as this client sees it. */
  public String clientStreamName(String storedName) {
    String prefix = streamPrefix();
    return storedName.startsWith(prefix) ? storedName.substring(prefix.length()) : storedName;
  }
}
