package dev.s2lite.emulator.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinConfigJson;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.json.WireEnum;
import dev.s2lite.emulator.store.IdempotencyKey;
import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.Store;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamConfigJson;
import dev.s2lite.emulator.stream.StreamMeta;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The snapshot file format, version 1: JSON Lines (one JSON object per line, UTF-8), each line an
 * object with one key naming its kind.
 *
 * <pre>
 * {"s2lite_snapshot":{"version":1,"created_at":"2030-01-01T00:00:00Z"}}
 * {"basin":{"name":"b","config":{...},"created_at":"...","deleted_at":null,"creation_key":null}}
 * {"stream":{"basin":"b","name":"s","config":{...},"cipher":null,"created_at":"...","deleted_at":null,
 *            "creation_key":null,"next_seq_num":2,"last_timestamp":1700000000000,"fencing_token":"",
 *            "trim_point":0}}
 * {"record":{"seq_num":0,"timestamp":1700000000000,"expires_at":null,"metered_bytes":9,"payload":"AAEC..."}}
 * {"end":{"basins":1,"streams":1,"records":2}}
 * </pre>
 *
 * Basins come before their streams; a stream's records (in seq_num order, as stored: the payload
 * is the store's envelope, encrypted or not, base64) follow its line. Configs are the S2 JSON
 * forms; u64 numbers are JSON integers; {@code expires_at} is epoch milliseconds or null for never.
 * The {@code end} line says the file is whole.
 */
final class SnapshotFile {

  static final int VERSION = 1;
  private static final int PAGE = 1000;

  /** What a file holds, read and checked in full before anything is applied. */
  record Content(Instant createdAt, List<BasinMeta> basins, List<StreamContent> streams, long records) {}

  record StreamContent(StreamMeta meta, RecordsState state, List<StoredRecord> records) {}

  /** Counts of what was written. */
  record Counts(long basins, long streams, long records) {}

  private SnapshotFile() {}

  /** Writes the store's whole state. The caller keeps metadata still (the metadata lock). */
  static Counts write(Store store, Instant createdAt, OutputStream out) {
    Writer w = new Writer(out);
    ObjectNode head = Json.object();
    head.putObject("s2lite_snapshot").put("version", VERSION).put("created_at", createdAt.toString());
    w.line(head);
    long basins = 0;
    long streams = 0;
    long records = 0;
    for (String after = ""; ; ) {
      List<BasinMeta> page = store.basins("", after, PAGE);
      for (BasinMeta basin : page) {
        w.line(kind("basin", basin(basin)));
        basins++;
        for (String streamAfter = ""; ; ) {
          List<StreamMeta> streamPage = store.streams(basin.name(), "", streamAfter, PAGE);
          for (StreamMeta stream : streamPage) {
            RecordsState state = store.recordsState(stream.basin(), stream.name());
            w.line(kind("stream", stream(stream, state)));
            streams++;
            records += writeRecords(store, stream, state, w);
          }
          if (streamPage.size() < PAGE) {
            break;
          }
          streamAfter = streamPage.get(streamPage.size() - 1).name();
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).name();
    }
    ObjectNode end = Json.object();
    end.putObject("end").put("basins", basins).put("streams", streams).put("records", records);
    w.line(end);
    w.flush();
    return new Counts(basins, streams, records);
  }

  /** Records up to the state's tail (later appends belong to a later snapshot), expired ones too. */
  private static long writeRecords(Store store, StreamMeta stream, RecordsState state, Writer w) {
    long count = 0;
    long from = 0;
    while (Long.compareUnsigned(from, state.nextSeqNum()) < 0) {
      List<StoredRecord> page = store.readRecords(stream.basin(), stream.name(), from,
          new ReadBounds(PAGE, Long.MAX_VALUE, -1L), Long.MIN_VALUE);
      if (page.isEmpty()) {
        break;
      }
      for (StoredRecord r : page) {
        if (Long.compareUnsigned(r.seqNum(), state.nextSeqNum()) >= 0) {
          return count;
        }
        w.line(kind("record", record(r)));
        count++;
        from = r.seqNum() + 1;
      }
    }
    return count;
  }

  private static ObjectNode kind(String kind, ObjectNode body) {
    ObjectNode line = Json.object();
    line.set(kind, body);
    return line;
  }

  private static ObjectNode basin(BasinMeta b) {
    ObjectNode out = Json.object();
    out.put("name", b.name());
    out.set("config", BasinConfigJson.render(b.config()));
    out.put("created_at", b.createdAt().toString());
    out.put("deleted_at", b.deletedAt() == null ? null : b.deletedAt().toString());
    if (b.creationKey() == null) {
      out.putNull("creation_key");
    } else {
      out.putObject("creation_key").put("request_token", b.creationKey().requestToken())
          .set("config", BasinConfigJson.render(b.creationKey().requestedConfig()));
    }
    return out;
  }

  private static ObjectNode stream(StreamMeta s, RecordsState state) {
    ObjectNode out = Json.object();
    out.put("basin", s.basin());
    out.put("name", s.name());
    out.set("config", StreamConfigJson.render(s.config()));
    out.put("cipher", s.cipher() == null ? null : s.cipher().wire());
    out.put("created_at", s.createdAt().toString());
    out.put("deleted_at", s.deletedAt() == null ? null : s.deletedAt().toString());
    if (s.creationKey() == null) {
      out.putNull("creation_key");
    } else {
      out.putObject("creation_key").put("request_token", s.creationKey().requestToken())
          .set("config", StreamConfigJson.render(s.creationKey().requestedConfig()));
    }
    out.put("next_seq_num", S2Error.unsigned(state.nextSeqNum()));
    out.put("last_timestamp", S2Error.unsigned(state.lastTimestamp()));
    out.put("fencing_token", state.fencingToken());
    out.put("trim_point", S2Error.unsigned(state.trimPoint()));
    return out;
  }

  private static ObjectNode record(StoredRecord r) {
    ObjectNode out = Json.object();
    out.put("seq_num", S2Error.unsigned(r.seqNum()));
    out.put("timestamp", S2Error.unsigned(r.timestamp()));
    if (r.expiresAtMillis() == Long.MAX_VALUE) {
      out.putNull("expires_at");
    } else {
      out.put("expires_at", r.expiresAtMillis());
    }
    out.put("metered_bytes", r.meteredBytes());
    out.put("payload", Base64.getEncoder().encodeToString(r.payload()));
    return out;
  }

  // --- reading ---

  /**
   * Reads and checks a whole file.
   *
   * @throws SnapshotException saying which line is wrong and why
   */
  static Content read(InputStream in) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<BasinMeta> basins = new ArrayList<>();
    List<StreamContent> streams = new ArrayList<>();
    Instant createdAt = null;
    long records = 0;
    boolean ended = false;
    int lineNumber = 0;
    StreamMeta current = null;
    RecordsState currentState = null;
    List<StoredRecord> currentRecords = null;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        if (ended) {
          throw new SnapshotException(lineNumber, "content after the end line");
        }
        JsonNode node;
        try {
          node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (S2Error e) {
          throw new SnapshotException(lineNumber, "not JSON: " + e.getMessage());
        }
        if (!node.isObject() || node.size() != 1) {
          throw new SnapshotException(lineNumber, "expected an object with one key");
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        if (lineNumber == 1 != kind.equals("s2lite_snapshot")) {
          throw new SnapshotException(lineNumber, lineNumber == 1
              ? "not an s2lite snapshot (the first line must be {\"s2lite_snapshot\":{...}})"
              : "a second s2lite_snapshot line");
        }
        try {
          switch (kind) {
            case "s2lite_snapshot" -> {
              int version = body.path("version").asInt(-1);
              if (version != VERSION) {
                throw new SnapshotException(lineNumber, "snapshot format version " + body.path("version")
                    + " is not supported (this emulator reads version " + VERSION + ")");
              }
              createdAt = Instant.parse(text(body, "created_at"));
            }
            case "basin" -> {
              BasinMeta basin = readBasin(body);
              if (!basins.isEmpty() && basins.stream().anyMatch(b -> b.name().equals(basin.name()))) {
                throw new SnapshotException(lineNumber, "basin " + basin.name() + " appears twice");
              }
              basins.add(basin);
            }
            case "stream" -> {
              if (current != null) {
                streams.add(new StreamContent(current, currentState, currentRecords));
              }
              current = readStream(body);
              String basinName = current.basin();
              if (basins.stream().noneMatch(b -> b.name().equals(basinName))) {
                throw new SnapshotException(lineNumber, "stream " + current.name() + " of basin "
                    + basinName + " comes before (or without) its basin");
              }
              currentState = new RecordsState(u64(body, "next_seq_num"), u64(body, "last_timestamp"),
                  text(body, "fencing_token"), u64(body, "trim_point"));
              currentRecords = new ArrayList<>();
            }
            case "record" -> {
              if (current == null) {
                throw new SnapshotException(lineNumber, "a record before any stream");
              }
              StoredRecord r = readRecord(body);
              long expected = currentRecords.isEmpty() ? r.seqNum()
                  : currentRecords.get(currentRecords.size() - 1).seqNum() + 1;
              if (r.seqNum() != expected || Long.compareUnsigned(r.seqNum(), currentState.nextSeqNum()) >= 0) {
                throw new SnapshotException(lineNumber, "record " + Long.toUnsignedString(r.seqNum())
                    + " out of order or past the stream's next_seq_num");
              }
              currentRecords.add(r);
              records++;
            }
            case "end" -> {
              if (current != null) {
                streams.add(new StreamContent(current, currentState, currentRecords));
                current = null;
              }
              if (body.path("basins").asLong() != basins.size() || body.path("streams").asLong() != streams.size()
                  || body.path("records").asLong() != records) {
                throw new SnapshotException(lineNumber, "the end line's counts do not match the file");
              }
              ended = true;
            }
            default -> throw new SnapshotException(lineNumber, "unknown line kind \"" + kind + "\"");
          }
        } catch (SnapshotException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new SnapshotException(lineNumber, e.getMessage() == null ? e.toString() : e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (lineNumber == 0) {
      throw new SnapshotException(0, "the file is empty");
    }
    if (!ended) {
      throw new SnapshotException(lineNumber, "the file is cut short (no end line)");
    }
    return new Content(createdAt, List.copyOf(basins), List.copyOf(streams), records);
  }

  private static BasinMeta readBasin(JsonNode b) {
    IdempotencyKey<BasinConfig> key = null;
    JsonNode k = b.path("creation_key");
    if (k.isObject()) {
      key = new IdempotencyKey<>(text(k, "request_token"), BasinConfigJson.parse(k.get("config"), "creation_key.config"));
    }
    return new BasinMeta(text(b, "name"), BasinConfigJson.parse(b.get("config"), "config"),
        Instant.parse(text(b, "created_at")), instant(b, "deleted_at"), key);
  }

  private static StreamMeta readStream(JsonNode s) {
    IdempotencyKey<StreamConfig> key = null;
    JsonNode k = s.path("creation_key");
    if (k.isObject()) {
      key = new IdempotencyKey<>(text(k, "request_token"), StreamConfigJson.parse(k.get("config"), "creation_key.config"));
    }
    StreamCipher cipher = null;
    if (s.hasNonNull("cipher")) {
      cipher = WireEnum.fromWire(StreamCipher.class, text(s, "cipher"));
      if (cipher == null) {
        throw new IllegalArgumentException("unknown cipher " + s.get("cipher"));
      }
    }
    return new StreamMeta(text(s, "basin"), text(s, "name"), StreamConfigJson.parse(s.get("config"), "config"),
        cipher, Instant.parse(text(s, "created_at")), instant(s, "deleted_at"), key);
  }

  private static StoredRecord readRecord(JsonNode r) {
    JsonNode expires = r.path("expires_at");
    long expiresAt = expires.isNull() || expires.isMissingNode() ? Long.MAX_VALUE : expires.asLong();
    return new StoredRecord(u64(r, "seq_num"), u64(r, "timestamp"), expiresAt,
        r.path("metered_bytes").asInt(), Base64.getDecoder().decode(text(r, "payload")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field \"" + field + "\" must be a string");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : Instant.parse(text(node, field));
  }

  private static long u64(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || v.bigIntegerValue().signum() < 0
        || v.bigIntegerValue().bitLength() > 64) {
      throw new IllegalArgumentException("field \"" + field + "\" must be an unsigned 64-bit integer");
    }
    BigInteger value = v.bigIntegerValue();
    return value.longValue();
  }

  /** Writes lines, wrapping I/O failures. */
  private static final class Writer {
    private final OutputStream out;

    Writer(OutputStream out) {
      this.out = out;
    }

    void line(ObjectNode node) {
      try {
        out.write(Json.bytes(node));
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
