package dev.s2lite.emulator.json;

import dev.s2lite.emulator.error.S2Error;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where in a JSON document a value named by a path ({@code config.retention_policy.age},
 * {@code records[2].headers[0]}) is, and puts serde_json's position on an error about it: after
 * a scalar, at the bracket of an object or array, after the closing brace of an object that
 * misses a field, after a key. The document has passed {@link JsonSyntax}.
 */
public final class JsonLocator {

  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private final byte[] b;
  private int i;

  private JsonLocator(byte[] document) {
    this.b = document;
  }

  /**
   * {@code error} with " at line L column C" appended when it names a place in a JSON document
   * and that place is in {@code document}; otherwise {@code error} unchanged.
   */
  public static S2Error locate(S2Error error, byte[] document) {
    S2Error.JsonSpot spot = error.jsonSpot();
    if (spot == null || document == null) {
      return error;
    }
    int index;
    try {
      index = new JsonLocator(document).find(steps(spot.path()), spot.anchor());
    } catch (RuntimeException notThere) {
      return error;
    }
    return index < 0 ? error : error.at(JsonSyntax.position(document, index));
  }

  /** The path's keys (Strings) and indices (Integers). */
  static List<Object> steps(String path) {
    List<Object> steps = new ArrayList<>();
    if (path.isEmpty()) {
      return steps;
    }
    for (String part : path.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      if (!key.isEmpty()) {
        steps.add(key);
      }
      if (bracket >= 0) {
        Matcher m = INDEX.matcher(part.substring(bracket));
        while (m.find()) {
          steps.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return steps;
  }

  /** The byte index of the position, or -1 when the path is not in the document. */
  private int find(List<Object> steps, S2Error.Anchor anchor) {
    int keyEnd = -1;
    whitespace();
    for (Object step : steps) {
      keyEnd = step instanceof String key ? enterMember(key) : enterElement((Integer) step);
      if (keyEnd < 0) {
        return -1;
      }
      whitespace();
    }
    int start = i;
    return switch (anchor) {
      case KEY -> keyEnd;
      case OBJECT_END -> {
        skipValue();
        yield i;
      }
      case VALUE -> {
        if (b[start] == '{' || b[start] == '[') {
          yield start;
        }
        skipValue();
        yield i;
      }
      case VALUE_START -> start + 1;
      case AFTER_MEMBER -> {
        skipValue();
        whitespace();
        yield i < b.length && b[i] == '}' ? i + 1 : i;
      }
    };
  }

  /** At an object: moves to the value of {@code key}; returns the index after the key, or -1. */
  private int enterMember(String key) {
    if (b[i] != '{') {
      return -1;
    }
    i++;
    while (true) {
      whitespace();
      if (b[i] == '}') {
        return -1;
      }
      if (b[i] == ',') {
        i++;
        whitespace();
      }
      String name = readString();
      int keyEnd = i;
      whitespace();
      i++; // ':'
      whitespace();
      if (name.equals(key)) {
        return keyEnd;
      }
      skipValue();
    }
  }

  /** At an array: moves to element {@code index}; returns its start, or -1. */
  private int enterElement(int index) {
    if (b[i] != '[') {
      return -1;
    }
    i++;
    for (int k = 0; ; k++) {
      whitespace();
      if (b[i] == ']') {
        return -1;
      }
      if (b[i] == ',') {
        i++;
        whitespace();
      }
      if (k == index) {
        return i;
      }
      skipValue();
    }
  }

  private void skipValue() {
    whitespace();
    byte c = b[i];
    if (c == '"') {
      readString();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      do {
        byte d = b[i];
        if (d == '"') {
          readString();
          continue;
        }
        if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          depth--;
        }
        i++;
      } while (depth > 0);
    } else {
      while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && !isWhitespace(b[i])) {
        i++;
      }
    }
  }

  /** At an opening quote: the string's text (escapes decoded well enough to compare keys); after it. */
  private String readString() {
    i++;
    StringBuilder out = new StringBuilder();
    int runStart = i;
    while (b[i] != '"') {
      if (b[i] == '\\') {
        out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
        char e = (char) b[i + 1];
        if (e == 'u') {
          out.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.US_ASCII), 16));
          i += 6;
        } else {
          out.append(switch (e) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> e;
          });
          i += 2;
        }
        runStart = i;
      } else {
        i++;
      }
    }
    out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
    i++;
    return out.toString();
  }

  private void whitespace() {
    while (i < b.length && isWhitespace(b[i])) {
      i++;
    }
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }
}
