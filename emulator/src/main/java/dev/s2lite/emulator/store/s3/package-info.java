/**
 * The S3 store ({@code --bucket NAME --path PREFIX}): every basin, stream and record in an
 * S3-compatible bucket, reached through the AWS SDK for Java v2.
 *
 * <p>Layout under the path (the write-ahead log moves to another bucket or a local directory
 * with {@link dev.s2lite.emulator.store.s3.WalLocation}; the two together make up the store):
 * <ul>
 *   <li>{@code wal/N.wal}: the write-ahead log. Changes handed over during one flush interval
 *       (50 ms by default, 5 ms with the log on local disk, as s2-lite) go into one object, written
 *       only if absent ({@code If-None-Match: *}); up to four are in flight, and they are applied
 *       and acknowledged in number order. An append's future completes, and a metadata call
 *       returns, once its object is written.
 *   <li>{@code segments/ID/FIRST-EPOCH-N.seg}: a stream's records in runs of up to 4 MiB, written
 *       by checkpoints; {@code ID} names one incarnation of the stream.
 *   <li>{@code manifest/N.manifest}: a checkpoint of everything (metadata, and per stream its
 *       records state, deletion point, metered bytes and segment index) as of a log position.
 * </ul>
 *
 * <p>Checkpoints run when 64 MiB (at most an eighth of the heap) waits in memory, when 256 log
 * objects were written since the last one, or 30 s after a change; they write the new segments,
 * the next manifest, then delete what no manifest needs: the log it covers, replaced and trimmed
 * segments, older manifests. Retention, trims and deletions thus give the space back at the next
 * checkpoint. Recovery reads the newest manifest and replays the log up to the first missing
 * object; nothing after a missing object was ever acknowledged.
 *
 * <p>Single writer: opening the store claims the next manifest number and the next log number
 * (the claim skips the numbers an older writer may still have in flight), both written only if
 * absent. The older writer's next write then fails; an idle one notices within a second by
 * looking for the next log object. It stops: every call answers {@code 500 storage} and {@link
 * dev.s2lite.emulator.store.Store#unavailable()} says {@code Fenced}, as s2-lite's fenced server.
 * A server that ignores conditional writes is refused when the store opens.
 *
 * <p>Memory: the heap holds the records not yet checkpointed (appends wait once twice the
 * memtable size is waiting), a segment cache of {@code cacheBytes}, the metadata of every basin
 * and stream and the segment index (about 100 bytes a segment); reads of older records fetch
 * segments from the bucket. A write to object storage is retried for the retry timeout (60 s);
 * past it the store stops as a fenced one does, and a restart recovers what was acknowledged.
 */
package dev.s2lite.emulator.store.s3;
