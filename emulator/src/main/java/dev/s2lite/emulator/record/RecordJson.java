package dev.s2lite.emulator.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The JSON forms of AppendInput, AppendAck, ReadBatch and positions (REFERENCE 10.6, 11.1). */
public final class RecordJson {

  private RecordJson() {}

  /** Parses an append body; JSON shape problems are {@code 400 bad_json}, bad base64 {@code 422}. */
  public static AppendInput appendInput(JsonNode body, RecordFormat format) {
    Fields f = Fields.of(body, "", "struct AppendInput");
    if (!f.has("records")) {
      throw f.missing("records");
    }
    JsonNode records = f.get("records");
    if (!records.isArray()) {
      throw Fields.typeError("records", records, "a sequence");
    }
    Long match = f.u64("match_seq_num");
    String token = f.string("fencing_token");
    if (token != null && token.getBytes(StandardCharsets.UTF_8).length > 36) {
      // JSON input checks the token while deserializing: 400, where protobuf input gets 422.
      throw Fields.invalidMember("fencing_token", "fencing token must not exceed 36 bytes in length");
    }
    List<AppendRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      out.add(record(records.get(i), "records[" + i + "]", format));
    }
    return new AppendInput(out, match, token);
  }

  private static AppendRecord record(JsonNode node, String path, RecordFormat format) {
    Fields f = Fields.of(node, path, "struct AppendRecord");
    Long timestamp = f.u64("timestamp");
    List<Header> headers = new ArrayList<>();
    JsonNode hs = f.get("headers");
    if (hs != null && !hs.isNull()) {
      if (!hs.isArray()) {
        throw Fields.typeError(f.child("headers"), hs, "a sequence");
      }
      for (int i = 0; i < hs.size(); i++) {
        JsonNode pair = hs.get(i);
        String at = f.child("headers") + "[" + i + "]";
        if (!pair.isArray()) {
          throw Fields.typeError(at, pair, "a tuple of size 2");
        }
        if (pair.size() < 2) {
          throw S2Error.badJsonAt("invalid length " + pair.size() + ", expected tuple struct Header with 2 elements",
              at, S2Error.Anchor.OBJECT_END);
        }
        if (pair.size() > 2) {
          throw S2Error.badJsonAt("trailing characters", at + "[2]", S2Error.Anchor.VALUE_START);
        }
        for (int k = 0; k < 2; k++) {
          if (!pair.get(k).isTextual()) {
            throw Fields.typeError(at + "[" + k + "]", pair.get(k), "a string");
          }
        }
        headers.add(new Header(bytes(pair.get(0).textValue(), format), bytes(pair.get(1).textValue(), format)));
      }
    }
    String body = f.string("body");
    return new AppendRecord(timestamp, headers, body == null ? new byte[0] : bytes(body, format));
  }

  private static byte[] bytes(String text, RecordFormat format) {
    if (format == RecordFormat.RAW) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw S2Error.invalid("invalid Base64 encoding");
    }
    // Lite's decoder wants canonical base64: padded, with zero trailing bits ("eA" and "eB==" fail).
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw S2Error.invalid("invalid Base64 encoding");
    }
    return decoded;
  }

  private static String text(byte[] bytes, RecordFormat format) {
    if (format == RecordFormat.BASE64) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // Lossy, as lite: each invalid sequence becomes U+FFFD.
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  public static ObjectNode position(StreamPosition p) {
    ObjectNode out = Json.object();
    out.put("seq_num", S2Error.unsigned(p.seqNum()));
    out.put("timestamp", S2Error.unsigned(p.timestamp()));
    return out;
  }

  public static ObjectNode ack(AppendAck ack) {
    ObjectNode out = Json.object();
    out.set("start", position(ack.start()));
    out.set("end", position(ack.end()));
    out.set("tail", position(ack.tail()));
    return out;
  }

  public static ObjectNode tail(StreamPosition tail) {
    ObjectNode out = Json.object();
    out.set("tail", position(tail));
    return out;
  }

  /** {@code {"records": [...], "tail": ...}}; {@code tail} only when set; empty headers/body omitted. */
  public static ObjectNode readBatch(ReadBatch batch, RecordFormat format) {
    ObjectNode out = Json.object();
    ArrayNode records = out.putArray("records");
    for (SequencedRecord r : batch.records()) {
      records.add(record(r, format));
    }
    if (batch.tail() != null) {
      out.set("tail", position(batch.tail()));
    }
    return out;
  }

  public static ObjectNode record(SequencedRecord r, RecordFormat format) {
    ObjectNode out = Json.object();
    out.put("seq_num", S2Error.unsigned(r.seqNum()));
    out.put("timestamp", S2Error.unsigned(r.timestamp()));
    if (!r.headers().isEmpty()) {
      ArrayNode headers = out.putArray("headers");
      for (Header h : r.headers()) {
        headers.addArray().add(text(h.name(), format)).add(text(h.value(), format));
      }
    }
    if (r.body().length > 0) {
      out.put("body", text(r.body(), format));
    }
    return out;
  }
}
