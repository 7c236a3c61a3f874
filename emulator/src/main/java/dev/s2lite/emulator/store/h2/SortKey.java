package dev.s2lite.emulator.store.h2;

/**
 * Map keys that sort, as Java strings, in the order of the names' UTF-8 bytes (S2's listing
 * order). UTF-16 order differs from code point order only in that surrogates (D800-DFFF) sort
 * below E000-FFFF; moving them above it, char by char, fixes that and keeps prefixes prefixes.
 */
final class SortKey {

  private SortKey() {}

  static String of(String name) {
    char[] chars = name.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 0xD800 && c <= 0xDFFF) {
        chars[i] = (char) (c + 0x2000);
      } else if (c >= 0xE000) {
        chars[i] = (char) (c - 0x800);
      }
    }
    return new String(chars);
  }

  /** The key of a stream: its basin's key, a NUL (which no name contains), its own key. */
  static String stream(String basin, String stream) {
    return of(basin) + '\0' + of(stream);
  }
}
