package dev.s2lite.emulator.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Orders names by their UTF-8 bytes, which is the order of their code points. */
public final class NameOrder {

  public static final Comparator<String> UTF8 = NameOrder::compare;

  private NameOrder() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * The values of a map ordered by {@link #UTF8} whose keys start with {@code prefix} and sort
   * strictly after {@code startAfter}, in order, at most {@code limit} of them.
   */
  public static <V> List<V> page(NavigableMap<String, V> map, String prefix, String startAfter, int limit) {
    // Start at whichever is later: the first name with the prefix, or the first after startAfter.
    NavigableMap<String, V> from = compare(startAfter, prefix) >= 0 && !startAfter.isEmpty()
        ? map.tailMap(startAfter, false)
        : map.tailMap(prefix, true);
    List<V> out = new ArrayList<>(Math.min(limit, 64));
    for (Map.Entry<String, V> e : from.entrySet()) {
      if (!e.getKey().startsWith(prefix) || out.size() == limit) {
        break;
      }
      out.add(e.getValue());
    }
    return out;
  }
}
