package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.IdempotencyKey;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.Timestamping;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.time.Instant;

/**
 * Basin and stream metadata in binary form, exactly as given (unset fields stay unset). Enums
 * are stored by name, so reordering their constants never changes what is read back.
 */
final class MetaCodec {

  private MetaCodec() {}

  static void writeBasin(BinaryWriter w, BasinMeta b) {
    w.string(b.name());
    writeBasinConfig(w, b.config());
    writeInstant(w, b.createdAt());
    writeInstant(w, b.deletedAt());
    w.bool(b.creationKey() != null);
    if (b.creationKey() != null) {
      w.string(b.creationKey().requestToken());
      w.bool(b.creationKey().requestedConfig() != null);
      if (b.creationKey().requestedConfig() != null) {
        writeBasinConfig(w, b.creationKey().requestedConfig());
      }
    }
  }

  static BasinMeta readBasin(BinaryReader r) {
    String name = r.string();
    BasinConfig config = readBasinConfig(r);
    Instant created = readInstant(r);
    Instant deleted = readInstant(r);
    IdempotencyKey<BasinConfig> key = null;
    if (r.bool()) {
      String token = r.string();
      key = new IdempotencyKey<>(token, r.bool() ? readBasinConfig(r) : null);
    }
    return new BasinMeta(name, config, created, deleted, key);
  }

  static void writeStream(BinaryWriter w, StreamMeta s) {
    w.string(s.basin());
    w.string(s.name());
    writeStreamConfig(w, s.config());
    writeEnum(w, s.cipher());
    writeInstant(w, s.createdAt());
    writeInstant(w, s.deletedAt());
    w.bool(s.creationKey() != null);
    if (s.creationKey() != null) {
      w.string(s.creationKey().requestToken());
      writeStreamConfig(w, s.creationKey().requestedConfig());
    }
  }

  static StreamMeta readStream(BinaryReader r) {
    String basin = r.string();
    String name = r.string();
    StreamConfig config = readStreamConfig(r);
    StreamCipher cipher = readEnum(r, StreamCipher.class);
    Instant created = readInstant(r);
    Instant deleted = readInstant(r);
    IdempotencyKey<StreamConfig> key = null;
    if (r.bool()) {
      String token = r.string();
      key = new IdempotencyKey<>(token, readStreamConfig(r));
    }
    return new StreamMeta(basin, name, config, cipher, created, deleted, key);
  }

  private static void writeBasinConfig(BinaryWriter w, BasinConfig c) {
    writeStreamConfig(w, c.defaultStreamConfig());
    writeEnum(w, c.streamCipher());
    w.bool(c.createStreamOnAppend());
    w.bool(c.createStreamOnRead());
  }

  private static BasinConfig readBasinConfig(BinaryReader r) {
    return new BasinConfig(readStreamConfig(r), readEnum(r, StreamCipher.class), r.bool(), r.bool());
  }

  /** A stream config that may be null, each of its fields possibly unset. */
  private static void writeStreamConfig(BinaryWriter w, StreamConfig c) {
    w.bool(c != null);
    if (c == null) {
      return;
    }
    // Any string since s2-lite 0.43, stored as sent.
    w.optString(c.storageClass() == null ? null : c.storageClass().wire());
    RetentionPolicy retention = c.retentionPolicy();
    if (retention == null) {
      w.u8(0);
    } else if (retention instanceof RetentionPolicy.Age age) {
      w.u8(1).i64(age.seconds());
    } else {
      w.u8(2);
    }
    Timestamping t = c.timestamping();
    w.bool(t != null);
    if (t != null) {
      writeEnum(w, t.mode());
      w.u8(t.uncapped() == null ? 0 : t.uncapped() ? 2 : 1);
    }
    w.bool(c.deleteOnEmptyMinAgeSecs() != null);
    if (c.deleteOnEmptyMinAgeSecs() != null) {
      w.i64(c.deleteOnEmptyMinAgeSecs());
    }
  }

  private static StreamConfig readStreamConfig(BinaryReader r) {
    if (!r.bool()) {
      return null;
    }
    String storageClassWire = r.optString();
    StorageClass storageClass = storageClassWire == null ? null : new StorageClass(storageClassWire);
    RetentionPolicy retention = switch (r.u8()) {
      case 0 -> null;
      case 1 -> new RetentionPolicy.Age(r.i64());
      case 2 -> new RetentionPolicy.Infinite();
      default -> throw r.corrupt("unknown retention policy tag");
    };
    Timestamping timestamping = null;
    if (r.bool()) {
      TimestampingMode mode = readEnum(r, TimestampingMode.class);
      int uncapped = r.u8();
      timestamping = new Timestamping(mode, uncapped == 0 ? null : uncapped == 2);
    }
    Long minAge = r.bool() ? r.i64() : null;
    return new StreamConfig(storageClass, retention, timestamping, minAge);
  }

  private static void writeInstant(BinaryWriter w, Instant t) {
    w.bool(t != null);
    if (t != null) {
      w.i64(t.getEpochSecond()).i32(t.getNano());
    }
  }

  private static Instant readInstant(BinaryReader r) {
    return r.bool() ? Instant.ofEpochSecond(r.i64(), r.i32()) : null;
  }

  private static void writeEnum(BinaryWriter w, Enum<?> e) {
    w.optString(e == null ? null : e.name());
  }

  private static <E extends Enum<E>> E readEnum(BinaryReader r, Class<E> type) {
    String name = r.optString();
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw r.corrupt("unknown " + type.getSimpleName() + " " + name);
    }
  }
}
