package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;

/** How JSON strings map to record bytes ({@code s2-format}): raw UTF-8 or base64. */
public enum RecordFormat {
  RAW,
  BASE64;

  /** From the {@code s2-format} header; absent means raw, anything unknown is {@code 400 bad_header}. */
  public static RecordFormat fromHeader(String header) {
    if (header == null) {
      return RAW;
    }
    return switch (header.trim()) {
      case "raw", "json" -> RAW;
      case "base64", "json-binsafe" -> BASE64;
      default -> throw S2Error.invalidHeader("s2-format", header);
    };
  }
}
