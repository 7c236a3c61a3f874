package dev.s2lite.emulator.json;

/**
 * One field of a reconfiguration (PATCH) body: absent (leave unchanged), {@code null} (clear,
 * revert to inheriting) or a value (set).
 */
public sealed interface Patch<T> {

  record Absent<T>() implements Patch<T> {}

  record Clear<T>() implements Patch<T> {}

  record Set<T>(T value) implements Patch<T> {}

  static <T> Patch<T> absent() {
    return new Absent<>();
  }

  /** The value after this patch, given the current one and what clearing reverts to. */
  default T apply(T current, T cleared) {
    if (this instanceof Set<T> set) {
      return set.value();
    }
    return this instanceof Clear<T> ? cleared : current;
  }
}
