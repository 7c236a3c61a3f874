package dev.s2lite.emulator.http;

import java.util.Locale;

/**
 * A media type as lite reads {@code Content-Type} and {@code Accept}: only the first
 * comma-separated entry counts, parameters are ignored, and garbage means "absent".
 */
public record MediaType(String type, String subtype) {

  public static MediaType parse(String header) {
    if (header == null) {
      return null;
    }
    String first = header.split(",", 2)[0];
    int semicolon = first.indexOf(';');
    String essence = (semicolon >= 0 ? first.substring(0, semicolon) : first).trim();
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1) {
      return null;
    }
    String type = essence.substring(0, slash).trim().toLowerCase(Locale.ROOT);
    String subtype = essence.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || subtype.isEmpty() || !token(type) || !token(subtype)) {
      return null;
    }
    return new MediaType(type, subtype);
  }

  private static boolean token(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  public boolean isJson() {
    return type.equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
  }

  public boolean isProtobuf() {
    return type.equals("application") && (subtype.equals("protobuf") || subtype.equals("x-protobuf"));
  }

  public boolean isS2s() {
    return type.equals("s2s") && subtype.equals("proto");
  }

  public boolean isEventStream() {
    return type.equals("text") && subtype.equals("event-stream");
  }
}
