package dev.s2lite.junit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Hands out basin names that no other test of the run gets: a readable hint and a run-wide counter. */
final class BasinNames {

  private static final int MAX_HINT = 36;

  private final AtomicLong next = new AtomicLong(1);

  /** A valid basin name (8-48 of [a-z0-9-], alphanumeric at both ends) built on {@code hint}. */
  String next(String hint) {
    String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (base.length() > MAX_HINT) {
      base = base.substring(0, MAX_HINT);
    }
    base = base.replaceAll("^-+|-+$", "");
    String name = (base.isEmpty() ? "basin" : base) + "-" + next.getAndIncrement();
    return name.length() < 8 ? "s2lite-" + name : name;
  }
}
