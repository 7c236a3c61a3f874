package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamMeta;
import java.util.List;

/** One change in the write-ahead log; replaying the entries in order rebuilds the state. */
sealed interface WalEntry {

  /** Roughly the bytes the entry takes in a log object, to bound an object's size. */
  long approximateBytes();

  record Append(String basin, String stream, List<StoredRecord> records, RecordsState after)
      implements WalEntry {
    @Override
    public long approximateBytes() {
      long bytes = 64 + basin.length() + stream.length() + after.fencingToken().length();
      for (StoredRecord r : records) {
        bytes += 28 + r.payload().length;
      }
      return bytes;
    }
  }

  record PutBasin(BasinMeta basin) implements WalEntry {
    @Override
    public long approximateBytes() {
      return 256;
    }
  }

  record RemoveBasin(String name) implements WalEntry {
    @Override
    public long approximateBytes() {
      return 64;
    }
  }

  record PutStream(StreamMeta stream) implements WalEntry {
    @Override
    public long approximateBytes() {
      return 256;
    }
  }

  record RemoveStream(String basin, String name) implements WalEntry {
    @Override
    public long approximateBytes() {
      return 64;
    }
  }

  record Clear() implements WalEntry {
    @Override
    public long approximateBytes() {
      return 1;
    }
  }
}
