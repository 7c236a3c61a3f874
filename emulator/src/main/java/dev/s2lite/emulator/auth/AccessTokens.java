package dev.s2lite.emulator.auth;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Access tokens as the S2 cloud has them: issue, list and revoke, and who a request's bearer
 * token makes it. With enforcement off (the default, as s2-lite) every request acts as root
 * whatever token it carries; the token API works either way.
 */
public final class AccessTokens {

  private static final int SECRET_BYTES = 32;

  private final AccessTokenStore store;
  private final Clock clock;
  private final boolean enforced;
  private final String rootToken;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param enforced whether bearer tokens are checked
   * @param rootToken the token that may do everything, or null to make one
   */
  public AccessTokens(AccessTokenStore store, Clock clock, boolean enforced, String rootToken) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.enforced = enforced;
    this.rootToken = rootToken != null ? rootToken : newSecret();
  }

  public boolean enforced() {
    return enforced;
  }

  /** The token that may do everything (checked only when enforced). */
  public String rootToken() {
    return rootToken;
  }

  /**
   * Who a request with this {@code Authorization} header acts as: {@code 401 authn} without a
   * bearer token, {@code 403 permission_denied} for a token that is unknown, revoked or expired.
   */
  public Principal authenticate(String authorization) {
    if (!enforced) {
      return Principal.ROOT;
    }
    if (authorization == null || authorization.isBlank()) {
      throw S2Error.authn("missing access token: send `Authorization: Bearer <token>`");
    }
    String[] parts = authorization.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
      throw S2Error.authn("invalid `Authorization` header: expected `Bearer <token>`");
    }
    String token = parts[1].trim();
    if (token.equals(rootToken)) {
      return Principal.ROOT;
    }
    AccessTokenInfo info = store.bySecretHash(hash(token))
        .orElseThrow(() -> S2Error.permissionDenied("access token is invalid or was revoked"))
        .info();
    if (info.expiresAt() != null && !clock.instant().isBefore(info.expiresAt())) {
      throw S2Error.permissionDenied("access token `" + info.id() + "` has expired");
    }
    return Principal.of(info);
  }

  /**
   * Issues a token on behalf of {@code by}: the string clients then send as their bearer token.
   * An unset expiry is {@code by}'s own. The new token may not do more than {@code by}.
   */
  public String issue(Principal by, AccessTokenInfo request) {
    by.requireAccessToken(Operation.ISSUE_ACCESS_TOKEN, request.id());
    AccessTokenScope scope = request.scope();
    if (scope.permitted().isEmpty()) {
      throw S2Error.invalid("Access token permissions cannot be empty");
    }
    if (request.autoPrefixStreams() && !(scope.streams() instanceof ResourceSet.Prefix)) {
      throw S2Error.invalid("Auto prefixing is only allowed for streams with prefix matching");
    }
    Instant expiresAt = request.expiresAt() != null ? request.expiresAt() : by.expiresAt();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
      throw S2Error.invalid("expiration time must be in the future");
    }
    if (!by.isRoot()) {
      if (!scope.within(by.scope())) {
        throw S2Error.permissionDenied("the new access token's scope is wider than the requestor's");
      }
      if (by.expiresAt() != null && expiresAt.isAfter(by.expiresAt())) {
        throw S2Error.permissionDenied("the new access token would outlive the requestor's");
      }
    }
    String secret = newSecret();
    AccessTokenInfo info = new AccessTokenInfo(request.id(), expiresAt, request.autoPrefixStreams(), scope);
    if (!store.insert(new AccessTokenStore.StoredAccessToken(info, hash(secret)))) {
      throw S2Error.accessTokenAlreadyExists(request.id());
    }
    return secret;
  }

  /** The tokens {@code by} may see, as {@code list_access_tokens} pages them. */
  public Page<AccessTokenInfo> list(Principal by, String prefix, String startAfter, int limit) {
    by.require(Operation.LIST_ACCESS_TOKENS);
    Listing listing = Listing.within(by.scope().accessTokens(), prefix, startAfter);
    if (listing instanceof Listing.Query q) {
      return Page.lookingAhead(limit, n -> store.list(q.prefix(), q.startAfter(), n));
    }
    if (listing instanceof Listing.Only o) {
      return new Page<>(store.list(o.name(), "", 1).stream().filter(t -> t.id().equals(o.name())).toList(), false);
    }
    return new Page<>(List.of(), false);
  }

  /** Revokes a token at once: its next request is refused. */
  public void revoke(Principal by, String id) {
    by.requireAccessToken(Operation.REVOKE_ACCESS_TOKEN, id);
    if (!store.remove(id)) {
      throw S2Error.accessTokenNotFound(id);
    }
  }

  /** Forgets every issued token (the root token stays). */
  public void clear() {
    store.clear();
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
