package dev.s2lite.emulator.json;

import dev.s2lite.emulator.error.S2Error;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a JSON document the way lite's parser (serde_json 0.43) reads it, and reports the first
 * problem in its words and at its position: {@code "<description> at line L column C"}, where the
 * column counts the bytes read on that line. Stricter than Jackson where serde_json is: lone
 * surrogate escapes and invalid UTF-8 in strings are errors, as are duplicate keys (serde's
 * "duplicate field"). Iterative, so nesting depth costs no stack.
 */
final class JsonSyntax {

  private final byte[] b;
  private int i;

  private JsonSyntax(byte[] document) {
    this.b = document;
  }

  /** @throws S2Error {@code 400 bad_json} with serde_json's message for the first problem */
  static void check(byte[] document) {
    new JsonSyntax(document).document();
  }

  private static final class Container {
    final boolean object;
    boolean first = true;
    final Set<String> keys;

    Container(boolean object) {
      this.object = object;
      this.keys = object ? new HashSet<>() : null;
    }
  }

  private void document() {
    ArrayDeque<Container> open = new ArrayDeque<>();
    boolean expectValue = true;
    while (true) {
      if (expectValue) {
        whitespace();
        if (i >= b.length) {
          throw peekError("EOF while parsing a value");
        }
        switch (b[i]) {
          case 'n' -> ident("null");
          case 't' -> ident("true");
          case 'f' -> ident("false");
          case '-' -> {
            i++;
            number();
          }
          case '"' -> {
            i++;
            string(false);
          }
          case '[' -> {
            i++;
            open.push(new Container(false));
          }
          case '{' -> {
            i++;
            open.push(new Container(true));
          }
          default -> {
            if (isDigit(b[i])) {
              number();
            } else {
              throw peekError("expected value");
            }
          }
        }
        expectValue = false;
      }
      if (open.isEmpty()) {
        whitespace();
        if (i < b.length) {
          throw peekError("trailing characters");
        }
        return;
      }
      Container top = open.peek();
      expectValue = top.object ? objectNext(top) : arrayNext(top);
      if (!expectValue) {
        open.pop();
      }
    }
  }

  /** After '[' or an element: true when an element follows, false when the array ended. */
  private boolean arrayNext(Container array) {
    whitespace();
    if (i >= b.length) {
      throw peekError("EOF while parsing a list");
    }
    byte c = b[i];
    if (c == ']') {
      i++;
      return false;
    }
    if (c == ',' && !array.first) {
      i++;
      whitespace();
      if (i >= b.length) {
        throw peekError("EOF while parsing a value");
      }
      if (b[i] == ']') {
        throw peekError("trailing comma");
      }
      return true;
    }
    if (array.first) {
      array.first = false;
      return true;
    }
    throw peekError("expected `,` or `]`");
  }

  /** After '{' or a member: true when a member's value follows (its key read), false when the object ended. */
  private boolean objectNext(Container object) {
    whitespace();
    if (i >= b.length) {
      throw peekError("EOF while parsing an object");
    }
    byte c = b[i];
    if (c == '}') {
      i++;
      return false;
    }
    if (c == ',' && !object.first) {
      i++;
      whitespace();
    } else if (object.first) {
      object.first = false;
    } else {
      throw peekError("expected `,` or `}`");
    }
    if (i >= b.length) {
      throw peekError("EOF while parsing a value");
    }
    if (b[i] == '}') {
      throw peekError("trailing comma");
    }
    if (b[i] != '"') {
      throw peekError("key must be a string");
    }
    i++;
    String key = string(true);
    if (!object.keys.add(key)) {
      throw error("duplicate field `" + key + "`");
    }
    whitespace();
    if (i >= b.length) {
      throw peekError("EOF while parsing an object");
    }
    if (b[i] != ':') {
      throw peekError("expected `:`");
    }
    i++;
    return true;
  }

  private void ident(String word) {
    i++;
    for (int k = 1; k < word.length(); k++) {
      if (i >= b.length) {
        throw error("EOF while parsing a value");
      }
      if (b[i++] != word.charAt(k)) {
        throw error("expected ident");
      }
    }
  }

  /** At the first digit (a '-' already read); a number beyond f64's range is an error, as in serde_json. */
  private void number() {
    int start = i;
    boolean negative = i > 0 && b[i - 1] == '-';
    numberSyntax();
    String text = new String(b, start, i - start, StandardCharsets.US_ASCII);
    if (text.length() > 18 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
      // An integer of more than 20 digits fits no 64-bit integer; only then does f64's range matter.
      boolean integer = text.length() <= 20 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
      boolean fits = integer && new BigInteger(text).bitLength() <= (negative ? 63 : 64);
      if (!fits && Double.isInfinite(Double.parseDouble(text))) {
        throw error("number out of range");
      }
    }
  }

  private void numberSyntax() {
    if (i >= b.length) {
      throw error("EOF while parsing a value");
    }
    byte c = b[i++];
    if (c == '0') {
      if (i < b.length && isDigit(b[i])) {
        throw peekError("invalid number");
      }
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      throw error("invalid number");
    }
    if (i < b.length && b[i] == '.') {
      i++;
      if (i >= b.length) {
        throw peekError("EOF while parsing a value");
      }
      if (!isDigit(b[i])) {
        throw peekError("invalid number");
      }
      digits();
    }
    if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < b.length && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      if (i >= b.length) {
        throw error("EOF while parsing a value");
      }
      if (!isDigit(b[i++])) {
        throw error("invalid number");
      }
      digits();
    }
  }

  private void digits() {
    while (i < b.length && isDigit(b[i])) {
      i++;
    }
  }

  /** After the opening quote; returns the decoded text when {@code decode} (for keys), else null. */
  private String string(boolean decode) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int runStart = i;
    while (true) {
      if (i >= b.length) {
        throw error("EOF while parsing a string");
      }
      int c = b[i] & 0xFF;
      if (c == '"') {
        text.write(b, runStart, i - runStart);
        i++;
        return utf8(text.toByteArray(), decode);
      }
      if (c == '\\') {
        text.write(b, runStart, i - runStart);
        i++;
        escape(text);
        runStart = i;
      } else if (c < 0x20) {
        i++;
        throw error("control character (\\u0000-\\u001F) found while parsing a string");
      } else {
        i++;
      }
    }
  }

  private String utf8(byte[] bytes, boolean decode) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return decode ? s : null;
    } catch (CharacterCodingException e) {
      throw error("invalid unicode code point");
    }
  }

  /** After the backslash. */
  private void escape(ByteArrayOutputStream text) {
    if (i >= b.length) {
      throw error("EOF while parsing a string");
    }
    byte e = b[i++];
    switch (e) {
      case '"', '\\', '/' -> text.write(e);
      case 'b' -> text.write('\b');
      case 'f' -> text.write('\f');
      case 'n' -> text.write('\n');
      case 'r' -> text.write('\r');
      case 't' -> text.write('\t');
      case 'u' -> unicodeEscape(text);
      default -> throw error("invalid escape");
    }
  }

  /** After "\\u": a code unit, and for a leading surrogate its trailing one, both required. */
  private void unicodeEscape(ByteArrayOutputStream text) {
    int n1 = hex4();
    if (n1 >= 0xDC00 && n1 <= 0xDFFF) {
      throw error("lone leading surrogate in hex escape");
    }
    int codePoint = n1;
    if (n1 >= 0xD800 && n1 <= 0xDBFF) {
      if (i >= b.length) {
        throw error("EOF while parsing a string");
      }
      if (b[i++] != '\\') {
        throw error("unexpected end of hex escape");
      }
      if (i >= b.length) {
        throw error("EOF while parsing a string");
      }
      if (b[i++] != 'u') {
        throw error("unexpected end of hex escape");
      }
      int n2 = hex4();
      if (n2 < 0xDC00 || n2 > 0xDFFF) {
        throw error("lone leading surrogate in hex escape");
      }
      codePoint = (((n1 - 0xD800) << 10) | (n2 - 0xDC00)) + 0x10000;
    }
    byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
    text.write(utf8, 0, utf8.length);
  }

  private int hex4() {
    if (b.length - i < 4) {
      i = b.length;
      throw error("EOF while parsing a string");
    }
    int value = 0;
    boolean valid = true;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit((char) (b[i + k] & 0xFF), 16);
      valid &= digit >= 0 && (b[i + k] & 0x80) == 0;
      value = value * 16 + Math.max(digit, 0);
    }
    i += 4;
    if (!valid) {
      throw error("invalid escape");
    }
    return value;
  }

  private void whitespace() {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** An error at what was read so far. */
  private S2Error error(String description) {
    return S2Error.badJson(description + " at " + position(b, i));
  }

  /** An error at the byte looked at but not read. */
  private S2Error peekError(String description) {
    return S2Error.badJson(description + " at " + position(b, Math.min(b.length, i + 1)));
  }

  /** serde_json's position of a byte index: its line, and the bytes before it on that line. */
  static String position(byte[] document, int index) {
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < index; k++) {
      if (document[k] == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return "line " + line + " column " + (index - lineStart);
  }
}
