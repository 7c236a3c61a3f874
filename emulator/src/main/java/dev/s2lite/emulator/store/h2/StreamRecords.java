package dev.s2lite.emulator.store.h2;

import dev.s2lite.emulator.store.RecordsState;

/**
 * A stream's record-side state as stored, written in the same commit as its records.
 *
 * @param mapId the number of the map holding the stream's records; 0 before the first record
 * @param maxExpiry the latest expiry of any record kept
 * @param expiriesInOrder whether expiries never decrease along seq_nums (retention was never
 *     shortened while records were kept), so the live records are a suffix found by bisection
 * @param payloadBytes the bytes of the kept records' payloads
 * @param meteredBytes the metered bytes of the kept records
 */
record StreamRecords(
    RecordsState state, long mapId, long maxExpiry, boolean expiriesInOrder, long payloadBytes, long meteredBytes) {

  static final StreamRecords EMPTY = new StreamRecords(RecordsState.EMPTY, 0, 0, true, 0, 0);
}
