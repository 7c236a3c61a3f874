package dev.s2lite.emulator.auth;

import java.util.List;
import java.util.Optional;

/**
 * Where issued access tokens are kept. The secret itself is never stored, only its SHA-256
 * ({@code secretHash}, lower-case hex), so a durable store holds nothing a client could replay.
 * Listings are ordered by the ids' UTF-8 bytes.
 */
public interface AccessTokenStore {

  /** A kept token: what it may do, and the hash of the string clients send. */
  record StoredAccessToken(AccessTokenInfo info, String secretHash) {}

  /** Adds a token; false (and nothing changes) when its id is taken. */
  boolean insert(StoredAccessToken token);

  Optional<StoredAccessToken> bySecretHash(String secretHash);

  /** Tokens whose ids start with {@code prefix} and sort after {@code startAfter}, at most {@code limit}. */
  List<AccessTokenInfo> list(String prefix, String startAfter, int limit);

  /** Removes a token; false when there was none with this id. */
  boolean remove(String id);

  /** Forgets every token. */
  void clear();
}
