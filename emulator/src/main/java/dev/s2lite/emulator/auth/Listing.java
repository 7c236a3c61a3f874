package dev.s2lite.emulator.auth;

import dev.s2lite.emulator.store.NameOrder;

/**
 * A listing's {@code prefix} and {@code start_after} narrowed to what a resource set lets the
 * caller see: either a narrower query, one exact name, or nothing at all.
 */
public sealed interface Listing {

  /** List names with this prefix after this name. */
  record Query(String prefix, String startAfter) implements Listing {}

  /** At most the one resource with this name. */
  record Only(String name) implements Listing {}

  /** Nothing can match. */
  record Nothing() implements Listing {}

  static Listing within(ResourceSet set, String prefix, String startAfter) {
    if (set instanceof ResourceSet.Prefix p) {
      if (prefix.startsWith(p.prefix())) {
        return new Query(prefix, startAfter);
      }
      return p.prefix().startsWith(prefix) ? new Query(p.prefix(), startAfter) : new Nothing();
    }
    String name = ((ResourceSet.Exact) set).name();
    boolean visible = !name.isEmpty() && name.startsWith(prefix)
        && (startAfter.isEmpty() || NameOrder.compare(name, startAfter) > 0);
    return visible ? new Only(name) : new Nothing();
  }
}
