package dev.s2lite.emulator.record;

import dev.s2lite.emulator.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of one read as the store keeps them, not yet decoded: a session encodes plain ones
 * straight from their stored form ({@link RecordProto#readBatch(StoredBatch, int)}).
 *
 * @param cipher the reader's key for an encrypted stream, or null
 * @param tail set only for records delivered while following
 */
public record StoredBatch(List<StoredRecord> records, RecordCipher cipher, StreamPosition tail) {

  /** The records as a reader sees them; {@code 400 decryption_failed} when the key does not open one. */
  public ReadBatch decode() {
    List<SequencedRecord> decoded = new ArrayList<>(records.size());
    for (StoredRecord r : records) {
      decoded.add(StreamEngine.decode(r, cipher));
    }
    return new ReadBatch(decoded, tail);
  }

  /** The records' metered size (the stored one is the size of the record the writer sent). */
  public long meteredBytes() {
    long bytes = 0;
    for (StoredRecord r : records) {
      bytes += r.meteredBytes();
    }
    return bytes;
  }
}
