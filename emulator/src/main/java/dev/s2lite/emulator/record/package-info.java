/**
 * Records: the data plane of a stream.
 *
 * <p>{@link dev.s2lite.emulator.record.StreamEngine} is the one writer of a stream; {@link
 * dev.s2lite.emulator.record.Engines} keeps one per live stream; {@link
 * dev.s2lite.emulator.record.RecordService} is the unary data plane over them (validation,
 * auto-create, encryption, read start resolution and long polls). The wire forms are in {@link
 * dev.s2lite.emulator.record.RecordJson} and {@link dev.s2lite.emulator.record.RecordProto}.
 *
 * <p>How a session uses them:
 * <ul>
 *   <li>Append session: {@code RecordService.openForAppend} once; per input {@code
 *       RecordService.validate} then {@code RecordService.append} of the validated batch; the
 *       returned futures complete in call order, so inputs can be pipelined; after the first
 *       failed future, stop.
 *   <li>Read session: {@code RecordService.openForRead}; if it may follow, {@code
 *       engine.liveReader()} (closed when the session ends) before {@code
 *       RecordService.startSeqNum}; then loop: {@code engine.hasEnded()}, then {@code
 *       engine.read(from, bounds)} up to {@code engine.tail()}, {@code RecordService.decode}; at
 *       the tail, if it had ended, 503 {@code S2Error.streamerMissingInAction()} (the stream was
 *       deleted), else wait on {@code engine.tailAdvanced(tailSeqNum)} (no polling).
 *   <li>Both: SDKs send {@code s2-stream-config} when they connect; pass {@code
 *       StreamConfigJson.parseHeader(value)} to the {@code openFor*} overload taking a create
 *       config, so a stream the session auto-creates gets it.
 * </ul>
 */
package dev.s2lite.emulator.record;
