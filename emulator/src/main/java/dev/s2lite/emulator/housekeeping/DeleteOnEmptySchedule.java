package dev.s2lite.emulator.housekeeping;

import dev.s2lite.emulator.stream.StreamMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each delete-on-empty stream is next checked, as s2-lite 0.43 schedules it (LITE-0.43 §5):
 * at most one pending check per stream, or parked (no check until a trim or a config change wakes
 * it). Appends do not touch the schedule. Entries belong to one incarnation of a stream (its
 * creation time), so a stream recreated under the same name starts afresh.
 */
final class DeleteOnEmptySchedule {

  /** A parked stream's check time. */
  static final long PARKED = Long.MAX_VALUE;

  record Key(String basin, String stream) {}

  /** A stream's incarnation and its pending check time ({@link #PARKED} when parked). */
  record Entry(Instant generation, long checkAtMillis) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  private static Key key(StreamMeta stream) {
    return new Key(stream.basin(), stream.name());
  }

  private static long minAgeMillis(StreamMeta stream) {
    Long secs = stream.config().deleteOnEmptyMinAgeSecs();
    return secs == null || secs <= 0 ? 0 : secs * 1000;
  }

  /** A new stream with delete-on-empty is first checked {@code min_age} after its creation. */
  void created(StreamMeta stream, long now) {
    long minAge = minAgeMillis(stream);
    if (minAge > 0) {
      entries.put(key(stream), new Entry(stream.createdAt(), now + minAge));
    }
  }

  /** Turned on, or its minimum age changed: checked now (an earlier pending check is kept); turned off: forgotten. */
  void reconfigured(StreamMeta before, StreamMeta after, long now) {
    long was = minAgeMillis(before);
    long is = minAgeMillis(after);
    if (is == 0) {
      entries.remove(key(after));
    } else if (is != was) {
      scheduleAtOrBefore(after, now);
    }
  }

  /**
   * A trim's cleanup finished: a stream with a check or parked is checked now; so is one without
   * either when no record is left and delete-on-empty is on.
   */
  void trimCleanedUp(StreamMeta stream, boolean recordsRemain, long now) {
    Entry entry = current(stream);
    if (entry != null || (!recordsRemain && minAgeMillis(stream) > 0)) {
      scheduleAtOrBefore(stream, now);
    }
  }

  void schedule(StreamMeta stream, long atMillis) {
    entries.put(key(stream), new Entry(stream.createdAt(), atMillis));
  }

  void park(StreamMeta stream) {
    schedule(stream, PARKED);
  }

  void remove(String basin, String stream) {
    entries.remove(new Key(basin, stream));
  }

  void clear() {
    entries.clear();
  }

  /** The streams whose check is due, each with the incarnation it was scheduled for. */
  List<Map.Entry<Key, Entry>> due(long now) {
    List<Map.Entry<Key, Entry>> due = new ArrayList<>();
    entries.forEach((k, e) -> {
      if (e.checkAtMillis() <= now) {
        due.add(Map.entry(k, e));
      }
    });
    return due;
  }

  /** Drops a due check once handled, unless something rescheduled the stream meanwhile. */
  void handled(Key key, Entry entry) {
    entries.remove(key, entry);
  }

  private Entry current(StreamMeta stream) {
    Entry e = entries.get(key(stream));
    return e != null && e.generation().equals(stream.createdAt()) ? e : null;
  }

  private void scheduleAtOrBefore(StreamMeta stream, long at) {
    entries.compute(key(stream), (k, e) ->
        e != null && e.generation().equals(stream.createdAt()) && e.checkAtMillis() <= at
            ? e : new Entry(stream.createdAt(), at));
  }
}
