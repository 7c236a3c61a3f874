package dev.s2lite.emulator.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token as issued and listed (never its secret).
 *
 * @param expiresAt when it stops working, or null for never
 * @param autoPrefixStreams whether stream names are prefixed with the stream scope's prefix on
 *     the way in and stripped on the way out
 */
public record AccessTokenInfo(String id, Instant expiresAt, boolean autoPrefixStreams, AccessTokenScope scope) {

  public AccessTokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
  }
}
