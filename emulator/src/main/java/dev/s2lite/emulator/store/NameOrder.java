package dev.s2lite.emulator.store;

import java.util.Comparator;

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
}
