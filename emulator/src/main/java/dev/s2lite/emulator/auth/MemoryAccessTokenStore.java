package dev.s2lite.emulator.auth;

import dev.s2lite.emulator.store.NameOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Access tokens on the heap: the default, gone with the process. */
public final class MemoryAccessTokenStore implements AccessTokenStore {

  private final NavigableMap<String, StoredAccessToken> byId = new TreeMap<>(NameOrder.UTF8);
  private final Map<String, StoredAccessToken> bySecret = new HashMap<>();

  @Override
  public synchronized boolean insert(StoredAccessToken token) {
    if (byId.containsKey(token.info().id())) {
      return false;
    }
    byId.put(token.info().id(), token);
    bySecret.put(token.secretHash(), token);
    return true;
  }

  @Override
  public synchronized Optional<StoredAccessToken> bySecretHash(String secretHash) {
    return Optional.ofNullable(bySecret.get(secretHash));
  }

  @Override
  public synchronized List<AccessTokenInfo> list(String prefix, String startAfter, int limit) {
    NavigableMap<String, StoredAccessToken> from = !startAfter.isEmpty()
        && NameOrder.compare(startAfter, prefix) >= 0
        ? byId.tailMap(startAfter, false) : byId.tailMap(prefix, true);
    List<AccessTokenInfo> out = new ArrayList<>();
    for (StoredAccessToken token : from.values()) {
      if (!token.info().id().startsWith(prefix) || out.size() == limit) {
        break;
      }
      out.add(token.info());
    }
    return out;
  }

  @Override
  public synchronized boolean remove(String id) {
    StoredAccessToken removed = byId.remove(id);
    if (removed == null) {
      return false;
    }
    bySecret.remove(removed.secretHash());
    return true;
  }

  @Override
  public synchronized void clear() {
    byId.clear();
    bySecret.clear();
  }
}
