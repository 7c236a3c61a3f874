package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One object of the write-ahead log: the entries of one group commit, in order. Objects are
 * numbered from 0 and written only if absent, so each number has exactly one writer; {@code
 * epoch} names that writer (the number of the manifest it claimed at start), which tells a writer
 * that meets an object it did not write whether a newer writer took over. A writer has a few
 * objects in flight at a time and acknowledges them in order, so the log is replayed up to the
 * first missing number, and nothing after it was ever acknowledged.
 *
 * @param next the number of the object that follows: {@code number + 1}, except for the object a
 *     new writer claims at start, which skips the numbers an older writer may still have in flight
 */
record WalObject(long epoch, long number, long next, List<WalEntry> entries) {

  /** How many log objects a writer has in flight at most. */
  static final int WINDOW = 4;

  /** A log object of a writer's own, followed by the next number. */
  WalObject(long epoch, long number, List<WalEntry> entries) {
    this(epoch, number, number + 1, entries);
  }

  /** The object a new writer claims at {@code number}: empty, skipping an older writer's window. */
  static WalObject claim(long epoch, long number) {
    return new WalObject(epoch, number, number + WINDOW, List.of());
  }

  private static final byte[] MAGIC = "S2LW\u0001".getBytes(StandardCharsets.ISO_8859_1);

  private static final int APPEND = 1;
  private static final int PUT_BASIN = 2;
  private static final int REMOVE_BASIN = 3;
  private static final int PUT_STREAM = 4;
  private static final int REMOVE_STREAM = 5;
  private static final int CLEAR = 6;

  /** The key of log object {@code number}: sorts in number order. */
  static String key(long number) {
    return String.format("wal/%020d.wal", number);
  }

  static final String PREFIX = "wal/";

  /** The number in a log object's key, or -1 for a key that is not a log object's. */
  static long numberOf(String key) {
    if (!key.startsWith(PREFIX) || !key.endsWith(".wal") || key.length() != PREFIX.length() + 24) {
      return -1;
    }
    try {
      return Long.parseLong(key.substring(PREFIX.length(), PREFIX.length() + 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  byte[] encode() {
    long size = 64;
    for (WalEntry e : entries) {
      size += e.approximateBytes();
    }
    BinaryWriter w = new BinaryWriter((int) Math.min(size, Integer.MAX_VALUE - 64));
    w.raw(MAGIC).i64(epoch).i64(number).i64(next).i32(entries.size());
    for (WalEntry e : entries) {
      if (e instanceof WalEntry.Append a) {
        w.u8(APPEND).string(a.basin()).string(a.stream());
        RecordsState s = a.after();
        w.i64(s.nextSeqNum()).i64(s.lastTimestamp()).string(s.fencingToken()).i64(s.trimPoint());
        w.i32(a.records().size());
        for (StoredRecord r : a.records()) {
          w.i64(r.seqNum()).i64(r.timestamp()).i64(r.expiresAtMillis()).i32(r.meteredBytes())
              .bytes(r.payload());
        }
      } else if (e instanceof WalEntry.PutBasin p) {
        w.u8(PUT_BASIN);
        MetaCodec.writeBasin(w, p.basin());
      } else if (e instanceof WalEntry.RemoveBasin r) {
        w.u8(REMOVE_BASIN).string(r.name());
      } else if (e instanceof WalEntry.PutStream p) {
        w.u8(PUT_STREAM);
        MetaCodec.writeStream(w, p.stream());
      } else if (e instanceof WalEntry.RemoveStream r) {
        w.u8(REMOVE_STREAM).string(r.basin()).string(r.name());
      } else {
        w.u8(CLEAR);
      }
    }
    return w.finish();
  }

  static WalObject decode(byte[] bytes, String what) {
    BinaryReader r = BinaryReader.checked(bytes, MAGIC, what);
    long epoch = r.i64();
    long number = r.i64();
    long next = r.i64();
    if (next <= number) {
      throw r.corrupt("next object " + next + " is not after " + number);
    }
    int count = r.count();
    List<WalEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
    for (int i = 0; i < count; i++) {
      int type = r.u8();
      entries.add(switch (type) {
        case APPEND -> {
          String basin = r.string();
          String stream = r.string();
          RecordsState after = new RecordsState(r.i64(), r.i64(), r.string(), r.i64());
          int n = r.count();
          List<StoredRecord> records = new ArrayList<>(Math.min(n, 1 << 16));
          for (int j = 0; j < n; j++) {
            records.add(new StoredRecord(r.i64(), r.i64(), r.i64(), r.i32(), r.bytes()));
          }
          yield new WalEntry.Append(basin, stream, records, after);
        }
        case PUT_BASIN -> new WalEntry.PutBasin(MetaCodec.readBasin(r));
        case REMOVE_BASIN -> new WalEntry.RemoveBasin(r.string());
        case PUT_STREAM -> new WalEntry.PutStream(MetaCodec.readStream(r));
        case REMOVE_STREAM -> new WalEntry.RemoveStream(r.string(), r.string());
        case CLEAR -> new WalEntry.Clear();
        default -> throw r.corrupt("unknown entry type " + type);
      });
    }
    if (r.hasMore()) {
      throw r.corrupt("trailing bytes");
    }
    return new WalObject(epoch, number, next, entries);
  }
}
