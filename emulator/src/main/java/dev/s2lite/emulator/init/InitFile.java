package dev.s2lite.emulator.init;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.json.WireEnum;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamName;
import dev.s2lite.emulator.stream.StreamService;
import dev.s2lite.emulator.stream.Timestamping;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A resources file in the format of {@code s2 apply} and {@code s2 lite --init-file}: basins and
 * streams to ensure at start-up. Unlike API bodies it is strict: an unknown field is an error that
 * names the field and the file.
 */
public final class InitFile {

  /** One basin of the file, with the streams to ensure in it. */
  public record BasinSpec(String name, BasinConfig config, List<StreamSpec> streams) {}

  public record StreamSpec(String name, StreamConfig config) {}

  private final String source;
  private final List<BasinSpec> basins;

  private InitFile(String source, List<BasinSpec> basins) {
    this.source = source;
    this.basins = basins;
  }

  public List<BasinSpec> basins() {
    return basins;
  }

  public static InitFile load(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InitFileException("init file " + path + " does not exist");
    } catch (IOException e) {
      throw new InitFileException("cannot read init file " + path + ": " + e.getMessage(), e);
    }
    return parse(path.toString(), bytes);
  }

  public static InitFile parse(Path source, byte[] bytes) {
    return parse(source.toString(), bytes);
  }

  /** Parses {@code bytes}; {@code source} names them in error messages (a path, a classpath resource). */
  public static InitFile parse(String source, byte[] bytes) {
    JsonNode root;
    try {
      root = Json.parse(bytes);
    } catch (S2Error e) {
      throw new InitFileException("init file " + source + " is not valid JSON: " + e.getMessage());
    }
    List<BasinSpec> basins = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      Fields f = Fields.of(root, "");
      f.rejectUnknown((path, name) -> unknown(source, path), "$schema", "basins");
      if (!f.isUnset("basins")) {
        JsonNode list = f.get("basins");
        if (!list.isArray()) {
          throw invalid(source, "basins", "expected an array");
        }
        for (int i = 0; i < list.size(); i++) {
          basins.add(basin(source, list.get(i), "basins[" + i + "]"));
        }
      }
    } catch (S2Error e) {
      throw new InitFileException("init file " + source + " is invalid: " + Fields.withPath(e));
    }
    Set<String> basinNames = new HashSet<>();
    for (BasinSpec basin : basins) {
      if (!basinNames.add(basin.name())) {
        problems.add("duplicate basin name \"" + basin.name() + "\"");
      }
      if (hasZeroRetention(basin.config().defaultStreamConfig())) {
        problems.add("zero retention in the default stream config of basin \"" + basin.name() + "\"");
      }
      Set<String> streamNames = new HashSet<>();
      for (StreamSpec stream : basin.streams()) {
        if (!streamNames.add(stream.name())) {
          problems.add("duplicate stream name \"" + stream.name() + "\" in basin \"" + basin.name() + "\"");
        }
        if (hasZeroRetention(stream.config())) {
          problems.add("zero retention for stream \"" + stream.name() + "\" in basin \"" + basin.name() + "\"");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InitFileException("init file " + source + " is invalid: " + String.join("; ", problems));
    }
    return new InitFile(source, List.copyOf(basins));
  }

  private static boolean hasZeroRetention(StreamConfig config) {
    return config != null && config.retentionPolicy() instanceof RetentionPolicy.Age age && age.seconds() == 0;
  }

  /** Ensures every basin, then its streams, in file order; anything else is left alone. */
  public void apply(BasinService basinService, StreamService streamService) {
    for (BasinSpec basin : basins) {
      try {
        basinService.ensure(basin.name(), basin.config());
        for (StreamSpec stream : basin.streams()) {
          streamService.ensure(basin.name(), stream.name(), stream.config());
        }
      } catch (S2Error e) {
        throw new InitFileException("init file " + source + ": cannot apply basin \""
            + basin.name() + "\": " + e.getMessage());
      }
    }
  }

  private static BasinSpec basin(String source, JsonNode node, String path) {
    Fields f = Fields.of(node, path);
    f.rejectUnknown((p, n) -> unknown(source, p), "name", "config", "streams");
    String name = f.requiredString("name");
    String problem = BasinName.problem(name);
    if (problem != null) {
      throw invalid(source, f.child("name"), problem);
    }
    BasinConfig config = BasinConfig.DEFAULTS;
    if (!f.isUnset("config")) {
      Fields c = Fields.of(f.get("config"), f.child("config"));
      c.rejectUnknown((p, n) -> unknown(source, p), "default_stream_config", "stream_cipher",
          "create_stream_on_append", "create_stream_on_read");
      String cipher = c.string("stream_cipher");
      StreamCipher streamCipher = cipher == null ? null : WireEnum.fromWire(StreamCipher.class, cipher);
      if (cipher != null && streamCipher == null) {
        throw invalid(source, c.child("stream_cipher"), "unknown cipher \"" + cipher + "\"");
      }
      Boolean onAppend = c.optionalBoolean("create_stream_on_append");
      Boolean onRead = c.optionalBoolean("create_stream_on_read");
      config = new BasinConfig(
          c.isUnset("default_stream_config") ? null
              : streamConfig(source, c.get("default_stream_config"), c.child("default_stream_config")),
          streamCipher,
          Boolean.TRUE.equals(onAppend),
          Boolean.TRUE.equals(onRead));
    }
    List<StreamSpec> streams = new ArrayList<>();
    if (!f.isUnset("streams")) {
      JsonNode list = f.get("streams");
      if (!list.isArray()) {
        throw invalid(source, f.child("streams"), "expected an array");
      }
      for (int i = 0; i < list.size(); i++) {
        streams.add(stream(source, list.get(i), f.child("streams") + "[" + i + "]"));
      }
    }
    return new BasinSpec(name, config, List.copyOf(streams));
  }

  private static StreamSpec stream(String source, JsonNode node, String path) {
    Fields f = Fields.of(node, path);
    f.rejectUnknown((p, n) -> unknown(source, p), "name", "config");
    String name = f.requiredString("name");
    String problem = StreamName.problem(name);
    if (problem != null) {
      throw invalid(source, f.child("name"), problem);
    }
    StreamConfig config = f.isUnset("config")
        ? StreamConfig.UNSET : streamConfig(source, f.get("config"), f.child("config"));
    return new StreamSpec(name, config);
  }

  private static StreamConfig streamConfig(String source, JsonNode node, String path) {
    Fields f = Fields.of(node, path);
    f.rejectUnknown((p, n) -> unknown(source, p),
        "storage_class", "retention_policy", "timestamping", "delete_on_empty");
    String sc = f.string("storage_class");
    // Any string, as lite 0.43 takes it.
    StorageClass storageClass = sc == null ? null : new StorageClass(sc);
    RetentionPolicy retention = null;
    String rp = f.string("retention_policy");
    if (rp != null) {
      if (rp.trim().toLowerCase(Locale.ROOT).equals("infinite")) {
        retention = new RetentionPolicy.Infinite();
      } else {
        // A zero age is reported with the other problems of the file, after parsing.
        retention = new RetentionPolicy.Age(duration(source, f.child("retention_policy"), rp));
      }
    }
    Timestamping timestamping = null;
    if (!f.isUnset("timestamping")) {
      Fields t = Fields.of(f.get("timestamping"), f.child("timestamping"));
      t.rejectUnknown((p, n) -> unknown(source, p), "mode", "uncapped");
      String mode = t.string("mode");
      TimestampingMode m = mode == null ? null : WireEnum.fromWire(TimestampingMode.class, mode);
      if (mode != null && m == null) {
        throw invalid(source, t.child("mode"), "unknown timestamping mode \"" + mode + "\"");
      }
      timestamping = Timestamping.normalize(m, t.optionalBoolean("uncapped"));
    }
    Long minAge = null;
    if (!f.isUnset("delete_on_empty")) {
      Fields d = Fields.of(f.get("delete_on_empty"), f.child("delete_on_empty"));
      d.rejectUnknown((p, n) -> unknown(source, p), "min_age");
      String age = d.string("min_age");
      minAge = age == null ? 0L : duration(source, d.child("min_age"), age);
    }
    return new StreamConfig(storageClass, retention, timestamping, minAge);
  }

  private static long duration(String source, String path, String text) {
    try {
      return HumanDuration.seconds(text);
    } catch (IllegalArgumentException e) {
      throw invalid(source, path, e.getMessage());
    }
  }

  private static InitFileException unknown(String source, String path) {
    return new InitFileException("init file " + source + ": unknown field `" + path + "`");
  }

  private static InitFileException invalid(String source, String path, String message) {
    return new InitFileException("init file " + source + ": `" + path + "`: " + message);
  }
}
