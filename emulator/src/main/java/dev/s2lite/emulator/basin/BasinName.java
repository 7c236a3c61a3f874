package dev.s2lite.emulator.basin;

import java.nio.charset.StandardCharsets;

/** Basin names: 8-48 bytes of lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
public final class BasinName {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 48;

  private BasinName() {}

  /** The reason {@code name} is not a valid basin name, or null when it is. */
  public static String problem(String name) {
    int length = name.getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_LENGTH) {
      return "basin name must not exceed " + MAX_LENGTH + " bytes in length";
    }
    if (length < MIN_LENGTH) {
      return "basin name should be at least " + MIN_LENGTH + " bytes in length";
    }
    if (!isLowerOrDigit(name.charAt(0))) {
      return "basin name must begin with a lowercase letter or number";
    }
    if (!isLowerOrDigit(name.charAt(name.length() - 1))) {
      return "basin name must end with a lowercase letter or number";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLowerOrDigit(c) && c != '-') {
        return "basin name must comprise lowercase letters, numbers, and hyphens";
      }
    }
    return null;
  }

  /** The reason {@code prefix} is not a valid basin prefix or start_after, or null. */
  public static String prefixProblem(String prefix, String what) {
    if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return what + " must not exceed " + MAX_LENGTH + " bytes in length";
    }
    if (prefix.isEmpty()) {
      return null;
    }
    if (!isLowerOrDigit(prefix.charAt(0))) {
      return what + " must begin with a lowercase letter or number";
    }
    for (int i = 1; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (!isLowerOrDigit(c) && c != '-') {
        return what + " must comprise lowercase letters, numbers, and hyphens";
      }
    }
    return null;
  }

  private static boolean isLowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
