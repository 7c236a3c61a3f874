package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.json.Patch;

/** A PATCH of a stream configuration: each field absent, cleared (null) or set. */
public record StreamReconfiguration(
    Patch<StorageClass> storageClass,
    Patch<RetentionPolicy> retentionPolicy,
    Patch<TimestampingMode> timestampingMode,
    Patch<Boolean> timestampingUncapped,
    Patch<Long> deleteOnEmptyMinAgeSecs) {

  /** Applies to a stream's resolved config; a cleared field re-inherits from {@code basinDefaults}. */
  public StreamConfig applyToStream(StreamConfig current, StreamConfig basinDefaults) {
    StreamConfig inherited = StreamConfig.UNSET.resolve(basinDefaults);
    return new StreamConfig(
        storageClass.apply(current.storageClass(), inherited.storageClass()),
        retentionPolicy.apply(current.retentionPolicy(), inherited.retentionPolicy()),
        new Timestamping(
            timestampingMode.apply(current.timestampingMode(), inherited.timestampingMode()),
            timestampingUncapped.apply(current.timestampingUncapped(), inherited.timestampingUncapped())),
        deleteOnEmptyMinAgeSecs.apply(current.deleteOnEmptyMinAgeSecs(), inherited.deleteOnEmptyMinAgeSecs()));
  }

  /** Applies to a basin's default stream config; a cleared field becomes unset there. */
  public StreamConfig applyToDefaults(StreamConfig current) {
    StreamConfig base = current == null ? StreamConfig.UNSET : current;
    return new StreamConfig(
        storageClass.apply(base.storageClass(), null),
        retentionPolicy.apply(base.retentionPolicy(), null),
        Timestamping.normalize(
            timestampingMode.apply(base.timestampingMode(), null),
            timestampingUncapped.apply(base.timestampingUncapped(), null)),
        deleteOnEmptyMinAgeSecs.apply(base.deleteOnEmptyMinAgeSecs(), null));
  }
}
