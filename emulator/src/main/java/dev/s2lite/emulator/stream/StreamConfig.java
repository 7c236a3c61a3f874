package dev.s2lite.emulator.stream;

/**
 * A stream configuration. Any field may be null ("not set at this level") in what a client asks
 * for or in a basin's defaults; a stream stores the fully resolved form, every field set.
 *
 * @param deleteOnEmptyMinAgeSecs delete-on-empty minimum age; 0 disables it
 */
public record StreamConfig(
    StorageClass storageClass,
    RetentionPolicy retentionPolicy,
    Timestamping timestamping,
    Long deleteOnEmptyMinAgeSecs) {

  public static final StreamConfig UNSET = new StreamConfig(null, null, null, null);

  /** The system defaults, fully resolved. */
  public static final StreamConfig SYSTEM_DEFAULTS = new StreamConfig(
      StorageClass.EXPRESS,
      RetentionPolicy.DEFAULT,
      new Timestamping(TimestampingMode.CLIENT_PREFER, false),
      0L);

  public boolean isUnset() {
    return equals(UNSET);
  }

  public TimestampingMode timestampingMode() {
    return timestamping == null ? null : timestamping.mode();
  }

  public Boolean timestampingUncapped() {
    return timestamping == null ? null : timestamping.uncapped();
  }

  /** Each field from here if set, else from {@code defaults} (the basin's), else the system default. */
  public StreamConfig resolve(StreamConfig defaults) {
    StreamConfig basin = defaults == null ? UNSET : defaults;
    StreamConfig system = SYSTEM_DEFAULTS;
    return new StreamConfig(
        first(storageClass, basin.storageClass, system.storageClass),
        first(retentionPolicy, basin.retentionPolicy, system.retentionPolicy),
        new Timestamping(
            first(timestampingMode(), basin.timestampingMode(), system.timestampingMode()),
            first(timestampingUncapped(), basin.timestampingUncapped(), system.timestampingUncapped())),
        first(deleteOnEmptyMinAgeSecs, basin.deleteOnEmptyMinAgeSecs, system.deleteOnEmptyMinAgeSecs));
  }

  private static <T> T first(T a, T b, T c) {
    return a != null ? a : b != null ? b : c;
  }
}
