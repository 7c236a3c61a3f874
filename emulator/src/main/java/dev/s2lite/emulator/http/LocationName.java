package dev.s2lite.emulator.http;

/** Location names (lite parses them and ignores them): 1-64 of ASCII letters, digits, colons, hyphens and periods. */
final class LocationName {

  private LocationName() {}

  static String problem(String name) {
    if (name.isEmpty() || name.length() > 64) {
      return "location name must be between 1 and 64 characters in length";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == ':' || c == '-' || c == '.';
      if (!ok) {
        return "location name must comprise ASCII letters, numbers, colons, hyphens, and periods";
      }
    }
    return null;
  }
}
