package dev.s2lite.emulator.basin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.json.Patch;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfigJson;
import dev.s2lite.emulator.stream.StreamReconfiguration;

/** The JSON forms of {@link BasinConfig} and {@link BasinReconfiguration}. */
public final class BasinConfigJson {

  private BasinConfigJson() {}

  public static BasinConfig parse(JsonNode node, String path) {
    Fields f = Fields.of(node, path, "struct BasinConfig");
    BasinConfig config = new BasinConfig(
        f.isUnset("default_stream_config")
            ? null : StreamConfigJson.parse(f.get("default_stream_config"), f.child("default_stream_config")),
        f.isUnset("stream_cipher") ? null : cipher(f.get("stream_cipher"), f.child("stream_cipher")),
        f.plainBoolean("create_stream_on_append", false),
        f.plainBoolean("create_stream_on_read", false));
    StreamConfigJson.validate(config.defaultStreamConfig());
    return config;
  }

  public static BasinReconfiguration parseReconfiguration(JsonNode node, String path) {
    Fields f = Fields.of(node, path, "struct BasinReconfiguration");
    BasinReconfiguration reconfiguration = new BasinReconfiguration(
        f.patch("default_stream_config", StreamConfigJson::parseReconfiguration),
        f.patch("stream_cipher", BasinConfigJson::cipher),
        f.has("create_stream_on_append") ? f.plainBoolean("create_stream_on_append", false) : null,
        f.has("create_stream_on_read") ? f.plainBoolean("create_stream_on_read", false) : null);
    if (reconfiguration.defaultStreamConfig() instanceof Patch.Set<StreamReconfiguration> set) {
      StreamConfigJson.validate(set.value());
    }
    return reconfiguration;
  }

  static StreamCipher cipher(JsonNode node, String path) {
    return Fields.wireEnum(node, path, StreamCipher.class, "an encryption algorithm string");
  }

  public static ObjectNode render(BasinConfig config) {
    ObjectNode out = Json.object();
    if (config.defaultStreamConfig() == null) {
      out.putNull("default_stream_config");
    } else {
      out.set("default_stream_config", StreamConfigJson.render(config.defaultStreamConfig()));
    }
    if (config.streamCipher() == null) {
      out.putNull("stream_cipher");
    } else {
      out.put("stream_cipher", config.streamCipher().wire());
    }
    out.put("create_stream_on_append", config.createStreamOnAppend());
    out.put("create_stream_on_read", config.createStreamOnRead());
    return out;
  }
}
