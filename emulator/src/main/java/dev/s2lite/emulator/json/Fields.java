package dev.s2lite.emulator.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.s2lite.emulator.error.S2Error;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads the fields of one JSON object strictly: a wrong type is {@code 400 bad_json} in serde's
 * words, carrying the value's path so the message can say where it is (as lite's parser does). Unknown fields are ignored (lite has no
 * strict mode on API bodies); the init file reader asks for strictness with {@link #rejectUnknown}.
 */
public final class Fields {

  private static final BigInteger U64_MAX = new BigInteger("18446744073709551615");

  private final JsonNode node;
  private final String path;

  private Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The object at {@code path}; anything but an object is a type error. */
  public static Fields of(JsonNode node, String path) {
    return of(node, path, "a map");
  }

  /**
   * The object at {@code path}; anything else is a type error expecting {@code expected}, as
   * serde names the API type ({@code struct StreamConfig}).
   */
  public static Fields of(JsonNode node, String path, String expected) {
    if (!node.isObject()) {
      throw typeError(path, node, expected);
    }
    return new Fields(node, path);
  }

  public String path() {
    return path;
  }

  public boolean has(String name) {
    return node.has(name);
  }

  /** True when the field is absent or JSON {@code null}. */
  public boolean isUnset(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull();
  }

  public JsonNode get(String name) {
    return node.get(name);
  }

  public String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Fails on the first field not named in {@code known}. */
  public void rejectUnknown(BiFunction<String, String, RuntimeException> error, String... known) {
    var names = node.fieldNames();
    outer:
    while (names.hasNext()) {
      String name = names.next();
      for (String k : known) {
        if (k.equals(name)) {
          continue outer;
        }
      }
      throw error.apply(child(name), name);
    }
  }

  /** A string field; null when absent or null. */
  public String string(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw typeError(child(name), value, "a string");
    }
    return value.textValue();
  }

  /** A required string field. */
  public String requiredString(String name) {
    if (!node.has(name)) {
      throw missing(name);
    }
    String value = string(name);
    if (value == null) {
      throw typeError(child(name), node.get(name), "a string");
    }
    return value;
  }

  /** A u64 field carried in a long; null when absent or null. */
  public Long u64(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    return u64(value, child(name));
  }

  public static long u64(JsonNode value, String path) {
    if (!value.isIntegralNumber()) {
      throw typeError(path, value, "u64");
    }
    BigInteger big = value.bigIntegerValue();
    if (big.signum() < 0 || big.compareTo(U64_MAX) > 0) {
      throw badValue(path, "invalid value: integer `" + big + "`, expected u64");
    }
    return big.longValue();
  }

  /** A plain boolean: absent means {@code dflt}, an explicit {@code null} is a type error. */
  public boolean plainBoolean(String name, boolean dflt) {
    JsonNode value = node.get(name);
    return value == null ? dflt : bool(value, child(name));
  }

  /** A nullable boolean; null when absent or null. */
  public Boolean optionalBoolean(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : bool(value, child(name));
  }

  public static boolean bool(JsonNode value, String path) {
    if (!value.isBoolean()) {
      throw typeError(path, value, "a boolean");
    }
    return value.booleanValue();
  }

  /** The field as a tri-state patch; {@code parse} reads a present, non-null value. */
  public <T> Patch<T> patch(String name, BiFunction<JsonNode, String, T> parse) {
    JsonNode value = node.get(name);
    if (value == null) {
      return Patch.absent();
    }
    if (value.isNull()) {
      return new Patch.Clear<>();
    }
    return new Patch.Set<>(parse.apply(value, child(name)));
  }

  /** A string spelling one of {@code type}'s constants; anything else fails as serde reports it. */
  public static <E extends Enum<E> & WireEnum> E wireEnum(
      JsonNode value, String path, Class<E> type, String expected) {
    if (!value.isTextual()) {
      throw typeError(path, value, expected);
    }
    E constant = WireEnum.fromWire(type, value.textValue());
    if (constant == null) {
      throw unknownVariant(path, value.textValue(),
          Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).toArray(String[]::new));
    }
    return constant;
  }

  /** serde's error for an enum tag that names none of {@code variants}. */
  public static S2Error unknownVariant(String path, String tag, String... variants) {
    return badValue(path, "unknown variant `" + tag + "`, " + expected(variants));
  }

  private static String expected(String... variants) {
    return "expected " + switch (variants.length) {
      case 1 -> "`" + variants[0] + "`";
      case 2 -> "`" + variants[0] + "` or `" + variants[1] + "`";
      default -> "one of " + Arrays.stream(variants).map(v -> "`" + v + "`")
          .collect(Collectors.joining(", "));
    };
  }

  /** As {@link #unknownVariant}, for an enum tagged by a map's key: placed after the key at {@code path}. */
  public static S2Error unknownVariantKey(String path, String tag, String... variants) {
    return badKey(path, "unknown variant `" + tag + "`, " + expected(variants));
  }

  /** serde's error for a required field the object lacks, placed after the object. */
  public S2Error missing(String name) {
    return S2Error.badJsonAt("missing field `" + name + "`", path, S2Error.Anchor.OBJECT_END);
  }

  /** serde's error for a value of the wrong JSON type, placed at the value. */
  public static S2Error typeError(String path, JsonNode value, String expected) {
    return badValue(path, "invalid type: " + describe(value) + ", expected " + expected);
  }

  /** A value serde (or a type's own check) rejects, with its description, placed at the value. */
  public static S2Error badValue(String path, String message) {
    return S2Error.badJsonAt(message, path, S2Error.Anchor.VALUE);
  }

  /**
   * A member whose value parsed but breaks its type's own rules (a name's characters or length),
   * placed where serde reports such errors: after the member.
   */
  public static S2Error invalidMember(String path, String message) {
    return S2Error.badJsonAt(message, path, S2Error.Anchor.AFTER_MEMBER);
  }

  /** As {@link #badValue}, placed after the key of the member at {@code path} (an enum's tag as a map key). */
  public static S2Error badKey(String path, String message) {
    return S2Error.badJsonAt(message, path, S2Error.Anchor.KEY);
  }

  /**
   * The message of a {@code bad_json} error with the path of its value in front ({@code
   * config.retention_policy.age: invalid type: ...}), for reports that show no position.
   */
  public static String withPath(S2Error error) {
    S2Error.JsonSpot spot = error.jsonSpot();
    return spot == null || spot.path().isEmpty() ? error.getMessage() : spot.path() + ": " + error.getMessage();
  }

  private static String describe(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case STRING -> "string \"" + value.textValue() + "\"";
      case NUMBER -> (value.isIntegralNumber() ? "integer `" : "floating point `") + value.asText() + "`";
      case BOOLEAN -> "boolean `" + value.booleanValue() + "`";
      case NULL -> "null";
      case ARRAY -> "sequence";
      case OBJECT -> "map";
      default -> type.name().toLowerCase();
    };
  }
}
