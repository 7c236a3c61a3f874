package dev.s2lite.emulator.store.h2;

import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.IdempotencyKey;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.stream.RetentionPolicy;
import dev.s2lite.emulator.stream.StorageClass;
import dev.s2lite.emulator.stream.StreamCipher;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.Timestamping;
import dev.s2lite.emulator.stream.TimestampingMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The stored form of metadata: a version byte, then every field in declaration order, nullable
 * ones behind a presence flag, enums by name. Decoding builds the records through their
 * constructors, so a field added to one of them fails to compile here until it is stored too.
 */
final class MetaCodec {

  private static final int VERSION = 1;

  private MetaCodec() {}

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] encode(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T decode(byte[] stored, Reader<T> reader) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("stored metadata has format " + version + ", this build reads " + VERSION);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- basins and streams ---

  static byte[] basin(BasinMeta b) {
    return encode(out -> {
      out.writeUTF(b.name());
      writeBasinConfig(out, b.config());
      writeInstant(out, b.createdAt());
      writeNullableInstant(out, b.deletedAt());
      out.writeBoolean(b.creationKey() != null);
      if (b.creationKey() != null) {
        out.writeUTF(b.creationKey().requestToken());
        writeNullable(out, b.creationKey().requestedConfig(), MetaCodec::writeBasinConfig);
      }
    });
  }

  static BasinMeta basin(byte[] stored) {
    return decode(stored, in -> new BasinMeta(
        in.readUTF(),
        readBasinConfig(in),
        readInstant(in),
        readNullableInstant(in),
        in.readBoolean() ? new IdempotencyKey<>(in.readUTF(), readNullable(in, MetaCodec::readBasinConfig)) : null));
  }

  static byte[] stream(StreamMeta s) {
    return encode(out -> {
      out.writeUTF(s.basin());
      out.writeUTF(s.name());
      writeStreamConfig(out, s.config());
      writeNullableEnum(out, s.cipher());
      writeInstant(out, s.createdAt());
      writeNullableInstant(out, s.deletedAt());
      out.writeBoolean(s.creationKey() != null);
      if (s.creationKey() != null) {
        out.writeUTF(s.creationKey().requestToken());
        writeNullable(out, s.creationKey().requestedConfig(), MetaCodec::writeStreamConfig);
      }
    });
  }

  static StreamMeta stream(byte[] stored) {
    return decode(stored, in -> new StreamMeta(
        in.readUTF(),
        in.readUTF(),
        readStreamConfig(in),
        readNullableEnum(in, StreamCipher.class),
        readInstant(in),
        readNullableInstant(in),
        in.readBoolean() ? new IdempotencyKey<>(in.readUTF(), readNullable(in, MetaCodec::readStreamConfig)) : null));
  }

  // --- a stream's record-side state ---

  static byte[] records(StreamRecords r) {
    return encode(out -> {
      RecordsState s = r.state();
      out.writeLong(s.nextSeqNum());
      out.writeLong(s.lastTimestamp());
      out.writeUTF(s.fencingToken());
      out.writeLong(s.trimPoint());
      out.writeLong(r.mapId());
      out.writeLong(r.maxExpiry());
      out.writeBoolean(r.expiriesInOrder());
      out.writeLong(r.payloadBytes());
      out.writeLong(r.meteredBytes());
    });
  }

  static StreamRecords records(byte[] stored) {
    return decode(stored, in -> new StreamRecords(
        new RecordsState(in.readLong(), in.readLong(), in.readUTF(), in.readLong()),
        in.readLong(), in.readLong(), in.readBoolean(), in.readLong(), in.readLong()));
  }

  // --- parts ---

  private static void writeBasinConfig(DataOutputStream out, BasinConfig c) throws IOException {
    writeNullable(out, c.defaultStreamConfig(), MetaCodec::writeStreamConfig);
    writeNullableEnum(out, c.streamCipher());
    out.writeBoolean(c.createStreamOnAppend());
    out.writeBoolean(c.createStreamOnRead());
  }

  private static BasinConfig readBasinConfig(DataInputStream in) throws IOException {
    return new BasinConfig(
        readNullable(in, MetaCodec::readStreamConfig),
        readNullableEnum(in, StreamCipher.class),
        in.readBoolean(),
        in.readBoolean());
  }

  private static void writeStreamConfig(DataOutputStream out, StreamConfig c) throws IOException {
    writeNullable(out, c.storageClass() == null ? null : c.storageClass().wire(), DataOutputStream::writeUTF);
    RetentionPolicy retention = c.retentionPolicy();
    if (retention == null) {
      out.writeByte(0);
    } else if (retention instanceof RetentionPolicy.Age age) {
      out.writeByte(1);
      out.writeLong(age.seconds());
    } else {
      out.writeByte(2);
    }
    out.writeBoolean(c.timestamping() != null);
    if (c.timestamping() != null) {
      writeNullableEnum(out, c.timestamping().mode());
      writeNullable(out, c.timestamping().uncapped(), DataOutputStream::writeBoolean);
    }
    writeNullable(out, c.deleteOnEmptyMinAgeSecs(), DataOutputStream::writeLong);
  }

  private static StreamConfig readStreamConfig(DataInputStream in) throws IOException {
    String storageClassWire = readNullable(in, input -> input.readUTF());
    StorageClass storageClass = storageClassWire == null ? null : new StorageClass(storageClassWire);
    int retentionTag = in.readUnsignedByte();
    RetentionPolicy retention = switch (retentionTag) {
      case 0 -> null;
      case 1 -> new RetentionPolicy.Age(in.readLong());
      case 2 -> new RetentionPolicy.Infinite();
      default -> throw new IllegalStateException("unknown stored retention policy " + retentionTag);
    };
    Timestamping timestamping = in.readBoolean()
        ? new Timestamping(readNullableEnum(in, TimestampingMode.class), readNullable(in, DataInputStream::readBoolean))
        : null;
    return new StreamConfig(storageClass, retention, timestamping, readNullable(in, DataInputStream::readLong));
  }

  @FunctionalInterface
  private interface FieldWriter<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  private static <T> void writeNullable(DataOutputStream out, T value, FieldWriter<T> writer) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writer.write(out, value);
    }
  }

  private static <T> T readNullable(DataInputStream in, Reader<T> reader) throws IOException {
    return in.readBoolean() ? reader.read(in) : null;
  }

  private static void writeNullableEnum(DataOutputStream out, Enum<?> value) throws IOException {
    writeNullable(out, value == null ? null : value.name(), DataOutputStream::writeUTF);
  }

  private static <E extends Enum<E>> E readNullableEnum(DataInputStream in, Class<E> type) throws IOException {
    String name = readNullable(in, input -> input.readUTF());
    return name == null ? null : Enum.valueOf(type, name);
  }

  private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void writeNullableInstant(DataOutputStream out, Instant instant) throws IOException {
    writeNullable(out, instant, MetaCodec::writeInstant);
  }

  private static Instant readNullableInstant(DataInputStream in) throws IOException {
    return readNullable(in, MetaCodec::readInstant);
  }
}
