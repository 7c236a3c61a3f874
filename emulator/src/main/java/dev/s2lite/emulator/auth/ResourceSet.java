package dev.s2lite.emulator.auth;

import java.util.Objects;

/**
 * Which basins, streams or access token ids a token may touch: one exact name, or every name with
 * a prefix. {@code exact("")} matches nothing and {@code prefix("")} everything, as in S2.
 */
public sealed interface ResourceSet {

  /** Matches nothing: what an unset resource set means. */
  ResourceSet NONE = new Exact("");

  /** Matches everything. */
  ResourceSet ALL = new Prefix("");

  static ResourceSet exact(String name) {
    return new Exact(name);
  }

  static ResourceSet prefix(String prefix) {
    return new Prefix(prefix);
  }

  boolean matches(String name);

  /** Whether every name this set matches, {@code wider} matches too. */
  boolean within(ResourceSet wider);

  /** Only the resource with this exact name; an empty name matches nothing. */
  record Exact(String name) implements ResourceSet {
    public Exact {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean matches(String candidate) {
      return !name.isEmpty() && name.equals(candidate);
    }

    @Override
    public boolean within(ResourceSet wider) {
      return name.isEmpty() || wider.matches(name);
    }
  }

  /** Every resource whose name starts with this prefix. */
  record Prefix(String prefix) implements ResourceSet {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean matches(String candidate) {
      return candidate.startsWith(prefix);
    }

    @Override
    public boolean within(ResourceSet wider) {
      return wider instanceof Prefix p && prefix.startsWith(p.prefix);
    }
  }
}
