package dev.s2lite.emulator.stream;

import java.nio.charset.StandardCharsets;

/** Stream names: 1-512 bytes of any UTF-8 but NUL, except "." and "..". */
public final class StreamName {

  public static final int MAX_LENGTH = 512;

  private StreamName() {}

  /** The reason {@code name} is not a valid stream name, or null when it is. */
  public static String problem(String name) {
    if (name.isEmpty()) {
      return "stream name must not be empty";
    }
    if (name.equals(".") || name.equals("..")) {
      return "stream name must not be \".\" or \"..\"";
    }
    // lite 0.43: NUL is checked after "." / ".." and before the length.
    if (name.indexOf('\0') >= 0) {
      return "stream name must not contain NUL bytes";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return "stream name must not exceed " + MAX_LENGTH + " bytes in length";
    }
    return null;
  }

  /** The reason a stream prefix or start_after is invalid, or null. */
  public static String prefixProblem(String prefix, String what) {
    if (prefix.indexOf('\0') >= 0) {
      return what + " must not contain NUL bytes";
    }
    if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return what + " must not exceed " + MAX_LENGTH + " bytes in length";
    }
    return null;
  }
}
