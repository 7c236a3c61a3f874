package dev.s2lite.emulator.store;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code hasMore} says whether at least one more item matches. */
public record Page<T>(List<T> items, boolean hasMore) {

  /** Fetches {@code limit + 1} items to learn, without a second query, whether more exist. */
  public static <T> Page<T> lookingAhead(int limit, Function<Integer, List<T>> fetch) {
    List<T> items = fetch.apply(limit + 1);
    return items.size() > limit
        ? new Page<>(List.copyOf(items.subList(0, limit)), true)
        : new Page<>(List.copyOf(items), false);
  }
}
