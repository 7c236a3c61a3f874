package dev.s2lite.emulator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.json.JsonLocator;
import dev.s2lite.emulator.json.Patch;
import java.nio.charset.StandardCharsets;

/** The JSON forms of {@link StreamConfig} and {@link StreamReconfiguration}, as lite reads and writes them. */
public final class StreamConfigJson {

  private StreamConfigJson() {}

  // --- input ---

  /** A {@code StreamConfig} body or field; null/absent members are "not set". */
  public static StreamConfig parse(JsonNode node, String path) {
    Fields f = Fields.of(node, path, "struct StreamConfig");
    StorageClass storageClass = f.isUnset("storage_class")
        ? null : storageClass(f.get("storage_class"), f.child("storage_class"));
    RetentionPolicy retention = f.isUnset("retention_policy")
        ? null : retention(f.get("retention_policy"), f.child("retention_policy"));
    Timestamping timestamping = null;
    if (!f.isUnset("timestamping")) {
      Fields t = Fields.of(f.get("timestamping"), f.child("timestamping"), "struct TimestampingConfig");
      timestamping = Timestamping.normalize(
          t.isUnset("mode") ? null : mode(t.get("mode"), t.child("mode")),
          t.optionalBoolean("uncapped"));
    }
    Long minAge = null;
    if (!f.isUnset("delete_on_empty")) {
      Fields d = Fields.of(f.get("delete_on_empty"), f.child("delete_on_empty"), "struct DeleteOnEmptyConfig");
      Long value = d.u64("min_age_secs");
      minAge = value == null ? 0L : value;
    }
    return new StreamConfig(storageClass, retention, timestamping, minAge);
  }

  /** The header carrying the config an append or read applies when it auto-creates the stream. */
  public static final String HEADER = "s2-stream-config";

  /**
   * The {@code s2-stream-config} header's config, parsed and validated as a create-stream config;
   * lite answers any problem with it, JSON or validation, as {@code 400 bad_header}.
   */
  public static StreamConfig parseHeader(String value) {
    StreamConfig config;
    byte[] json = value.getBytes(StandardCharsets.UTF_8);
    try {
      config = parse(Json.parse(json), "");
    } catch (S2Error e) {
      throw S2Error.invalidHeader(HEADER, "invalid JSON: " + JsonLocator.locate(e, json).getMessage());
    }
    try {
      validate(config);
    } catch (S2Error e) {
      throw S2Error.invalidHeader(HEADER, e.getMessage());
    }
    return config;
  }

  /** A {@code StreamReconfiguration}: absent leaves a field, null clears it, a value sets it. */
  public static StreamReconfiguration parseReconfiguration(JsonNode node, String path) {
    Fields f = Fields.of(node, path, "struct StreamReconfiguration");
    Patch<TimestampingMode> mode = Patch.absent();
    Patch<Boolean> uncapped = Patch.absent();
    if (f.has("timestamping")) {
      if (f.isUnset("timestamping")) {
        mode = new Patch.Clear<>();
        uncapped = new Patch.Clear<>();
      } else {
        Fields t = Fields.of(f.get("timestamping"), f.child("timestamping"), "struct TimestampingReconfiguration");
        mode = t.patch("mode", StreamConfigJson::mode);
        uncapped = t.patch("uncapped", Fields::bool);
      }
    }
    Patch<Long> minAge = Patch.absent();
    if (f.has("delete_on_empty")) {
      if (f.isUnset("delete_on_empty")) {
        minAge = new Patch.Clear<>();
      } else {
        Fields d = Fields.of(f.get("delete_on_empty"), f.child("delete_on_empty"),
            "struct DeleteOnEmptyReconfiguration");
        minAge = d.patch("min_age_secs", Fields::u64);
      }
    }
    return new StreamReconfiguration(
        f.patch("storage_class", StreamConfigJson::storageClass),
        f.patch("retention_policy", StreamConfigJson::retention),
        mode,
        uncapped,
        minAge);
  }

  /** Checks that parsing cannot: a retention age of 0 is {@code 422 invalid}. */
  public static void validate(StreamConfig config) {
    if (config != null) {
      validate(config.retentionPolicy());
    }
  }

  public static void validate(StreamReconfiguration reconfiguration) {
    if (reconfiguration.retentionPolicy() instanceof Patch.Set<RetentionPolicy> set) {
      validate(set.value());
    }
  }

  private static void validate(RetentionPolicy retention) {
    if (retention instanceof RetentionPolicy.Age age && age.seconds() == 0) {
      throw S2Error.invalid("age must be greater than 0 seconds");
    }
  }

  /** Any string (lite 0.43); other JSON types are a type error. */
  static StorageClass storageClass(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw Fields.typeError(path, node, "a string");
    }
    return new StorageClass(node.textValue());
  }

  static TimestampingMode mode(JsonNode node, String path) {
    return Fields.wireEnum(node, path, TimestampingMode.class, "a timestamping mode string");
  }

  static RetentionPolicy retention(JsonNode node, String path) {
    if (node.isTextual()) {
      // serde reads a string as a unit variant; both variants carry a value.
      throw Fields.invalidMember(path, "invalid type: unit variant, expected newtype variant");
    }
    if (!node.isObject()) {
      throw Fields.typeError(path, node, "externally tagged enum RetentionPolicy");
    }
    if (node.size() != 1) {
      // serde reads the first key's variant, then expects the map to end.
      throw node.isEmpty() ? S2Error.badJsonAt("expected value", path, S2Error.Anchor.OBJECT_END)
          : Fields.badValue(path + "." + node.fieldNames().next(), "expected value");
    }
    String key = node.fieldNames().next();
    JsonNode value = node.get(key);
    return switch (key) {
      case "age" -> new RetentionPolicy.Age(Fields.u64(value, path + ".age"));
      case "infinite" -> {
        if (!value.isObject()) {
          throw Fields.typeError(path + ".infinite", value, "struct InfiniteRetention");
        }
        yield new RetentionPolicy.Infinite();
      }
      default -> throw Fields.unknownVariantKey(path + "." + key, key, "age", "infinite");
    };
  }

  // --- output ---

  /** A stream config with every member present; null members render as JSON null. */
  public static ObjectNode render(StreamConfig config) {
    ObjectNode out = Json.object();
    if (config.storageClass() == null) {
      out.putNull("storage_class");
    } else {
      out.put("storage_class", config.storageClass().wire());
    }
    if (config.retentionPolicy() == null) {
      out.putNull("retention_policy");
    } else {
      out.set("retention_policy", render(config.retentionPolicy()));
    }
    Timestamping t = config.timestamping();
    if (t == null) {
      out.putNull("timestamping");
    } else {
      ObjectNode ts = out.putObject("timestamping");
      if (t.mode() == null) {
        ts.putNull("mode");
      } else {
        ts.put("mode", t.mode().wire());
      }
      if (t.uncapped() == null) {
        ts.putNull("uncapped");
      } else {
        ts.put("uncapped", t.uncapped());
      }
    }
    if (config.deleteOnEmptyMinAgeSecs() == null) {
      out.putNull("delete_on_empty");
    } else {
      out.putObject("delete_on_empty")
          .put("min_age_secs", S2Error.unsigned(config.deleteOnEmptyMinAgeSecs()));
    }
    return out;
  }

  static ObjectNode render(RetentionPolicy retention) {
    ObjectNode out = Json.object();
    if (retention instanceof RetentionPolicy.Age age) {
      out.put("age", S2Error.unsigned(age.seconds()));
    } else {
      out.putObject("infinite");
    }
    return out;
  }
}
