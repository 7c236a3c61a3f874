// Sessions through the official TypeScript SDK: readSession, appendSession and the Producer over
// the default Node transport (S2S frames on node:http2, h2c prior knowledge) and over the fetch
// transport (SSE reads, unary appends). Every wait is bounded and every session is closed in a
// finally block, so a server that stalls fails a test instead of hanging the run.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  AppendInput,
  AppendRecord,
  BatchTransform,
  FencingTokenMismatchError,
  Producer,
  S2Error,
  SeqNumMismatchError,
} from "@s2-dev/streamstore";
import { basinName, client, deleteBasins } from "../support/s2.mjs";
import { recordWire } from "../support/wire.mjs";

const TRANSPORTS = ["s2s", "fetch"];
const STEP_MS = 10_000;
const TEST_MS = 30_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Resolves like `promise`, or rejects once `ms` have passed. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function strings(bodies, options) {
  return AppendInput.create(bodies.map((body) => AppendRecord.string({ body })), options);
}

/** Reads `n` records from a session (each within STEP_MS), leaving the session open. */
async function take(session, n) {
  const reader = session.getReader();
  const records = [];
  try {
    while (records.length < n) {
      const { done, value } = await within(reader.read(), STEP_MS, `record ${records.length + 1} of ${n}`);
      if (done) assert.fail(`session ended after ${records.length} of ${n} records`);
      records.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return records;
}

/** Reads a session to its end (which must come within `ms`). */
async function drain(session, ms = STEP_MS) {
  const records = [];
  const reader = session.getReader();
  try {
    await within((async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) records.push(r.value);
    })(), ms, `end of session after ${records.length} records`);
  } finally {
    reader.releaseLock();
  }
  return records;
}

/** Cancels a read session; a session that already ended or failed is fine. */
async function cancel(session) {
  if (session) await within(session.cancel("test done").catch(() => {}), STEP_MS, "cancel read session");
}

/** The error a read session fails with, whether readSession() throws it or the iteration does. */
async function readSessionError(open) {
  let session;
  try {
    session = await within(open(), STEP_MS, "open read session");
    const records = await drain(session);
    assert.fail(`expected an error, the session ended normally after ${records.length} records`);
  } catch (e) {
    if (e instanceof S2Error) return e;
    throw e;
  } finally {
    await cancel(session);
  }
}

function assertS2Error(error, { status, code }) {
  assert.ok(error instanceof S2Error, `expected an S2Error, got ${error?.stack ?? error}`);
  assert.deepEqual({ status: error.status, code: error.code }, { status, code }, error.message);
}

/** Asserts acks are in order, contiguous from `first`, one per batch of these sizes, with a non-decreasing tail. */
function assertAckRanges(acks, sizes, first = 0) {
  assert.equal(acks.length, sizes.length);
  let next = first;
  let tail = 0;
  acks.forEach((ack, i) => {
    assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [next, next + sizes[i]], `ack ${i}`);
    assert.ok(ack.tail.seqNum >= ack.end.seqNum && ack.tail.seqNum >= tail, `tail of ack ${i}`);
    assert.ok(ack.end.timestamp.getTime() >= ack.start.timestamp.getTime());
    next += sizes[i];
    tail = ack.tail.seqNum;
  });
}

describe("sessions", { timeout: 150_000 }, () => {
  const s2 = client();
  const gzip = client({ compression: "gzip" });
  const wire = recordWire();
  const name = basinName("sessions");
  const autoName = basinName("sessions-auto");
  const secretName = basinName("sessions-aegis");
  const basin = s2.basin(name);
  const handles = [];
  let streamCount = 0;

  /** A new stream, reached over `transport` ("s2s" is the SDK's default on Node). */
  async function freshStream(label, transport, sdk = s2) {
    const stream = `${label}-${streamCount++}`;
    await basin.streams.create({ stream });
    return handle(stream, transport, sdk);
  }

  function handle(stream, transport, sdk = s2, inBasin = name, extra = {}) {
    const options = transport === "fetch" ? { forceTransport: "fetch", ...extra } : extra;
    const h = sdk.basin(inBasin).stream(stream, options);
    handles.push(h);
    return h;
  }

  /** Unary appends through a fetch-transport handle (never through a session). */
  async function seed(stream, ...batches) {
    const writer = handle(stream.name, "fetch");
    for (const bodies of batches) await writer.append(strings(bodies));
  }

  before(async () => {
    await s2.basins.create({ basin: name });
    await s2.basins.create({ basin: autoName, config: { createStreamOnAppend: true, createStreamOnRead: true } });
    await s2.basins.create({ basin: secretName, config: { streamCipher: "aegis-256" } });
  });

  after(async () => {
    wire.stop();
    // Closing a handle releases its HTTP/2 connections; a leak would keep the process alive.
    await within(Promise.all(handles.map((h) => h.close())), STEP_MS, "close stream handles");
    await deleteBasins(s2, [name, autoName, secretName]);
  });

  for (const transport of TRANSPORTS) {
    describe(`readSession (${transport})`, () => {
      it("catches up, then follows records appended after it started, in order", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("follow", transport);
        await seed(stream, ["a", "b"]);
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } } });

          const caughtUp = await take(session, 2);
          const tail = await within(session.caughtUp(), STEP_MS, "caught up");
          await seed(stream, ["c"], ["d", "e"]);
          const live = await take(session, 3);
          await seed(stream, ["f"]);
          const later = await take(session, 1);

          assert.equal(tail.seqNum, 2);
          assert.deepEqual([...caughtUp, ...live, ...later].map((r) => [r.seqNum, r.body]),
            [[0, "a"], [1, "b"], [2, "c"], [3, "d"], [4, "e"], [5, "f"]]);
          assert.equal(session.nextReadPosition()?.seqNum, 6);
          assert.ok(session.lastObservedTail()?.seqNum >= 5);
        } finally {
          await cancel(session);
        }
      });

      it("opened at the tail, reports caught up at once and then delivers only new records", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("at-tail", transport);
        await seed(stream, ["old-0", "old-1", "old-2"]);
        let session;
        try {
          session = await stream.readSession({ start: { from: { tailOffset: 0 } } });

          // Nothing to catch up on: only a heartbeat (S2S) or ping (SSE) carrying the tail can tell.
          const tail = await within(session.caughtUp(), STEP_MS, "caught up at the tail");
          assert.equal(tail.seqNum, 3);
          assert.ok(session.isCaughtUp());
          const pending = take(session, 4);
          for (const body of ["n0", "n1", "n2", "n3"]) await seed(stream, [body]);
          const records = await pending;

          assert.deepEqual(records.map((r) => [r.seqNum, r.body]), [[3, "n0"], [4, "n1"], [5, "n2"], [6, "n3"]]);
          for (const record of records) {
            assert.ok(record.timestamp instanceof Date && record.timestamp.getTime() > 0);
          }
        } finally {
          await cancel(session);
        }
      });

      it("a count bound with waitSecs spans catch-up and live records and ends the session once reached", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("bounded", transport);
        await seed(stream, ["0", "1", "2"]);
        let session;
        try {
          // With a bound, the default wait is 0 (end after catch-up); waitSecs keeps it following.
          session = await stream.readSession({ start: { from: { seqNum: 1 } }, stop: { limits: { count: 4 }, waitSecs: 20 } });

          const first = await take(session, 2);
          await seed(stream, ["3", "4"], ["5", "6"]);
          const rest = await drain(session);

          assert.deepEqual([...first, ...rest].map((r) => r.body), ["1", "2", "3", "4"]);
        } finally {
          await cancel(session);
        }
      });

      it("a count bound without waitSecs ends the session once caught up", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("catch-up", transport);
        await seed(stream, ["0", "1", "2", "3", "4"]);
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 2 } }, stop: { limits: { count: 10 } } });

          const records = await drain(session);

          assert.deepEqual(records.map((r) => [r.seqNum, r.body]), [[2, "2"], [3, "3"], [4, "4"]]);
        } finally {
          await cancel(session);
        }
      });

      it("a bytes bound and an until timestamp end the session", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("bytes-until", transport);
        // Each record is 9 metered bytes (8 + a 1-byte body).
        await handle(stream.name, "fetch").append(AppendInput.create(
          [1000, 2000, 3000, 4000].map((timestamp, i) => AppendRecord.string({ body: `${i}`, timestamp }))));
        let bytes;
        let until;
        try {
          bytes = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { limits: { bytes: 20 } } });
          assert.deepEqual((await drain(bytes)).map((r) => r.body), ["0", "1"]);
          until = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { untilTimestamp: new Date(3000) } });
          assert.deepEqual((await drain(until)).map((r) => r.body), ["0", "1"]);
        } finally {
          await cancel(bytes);
          await cancel(until);
        }
      });

      it("waitSecs ends an idle session after about that long", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("wait", transport);
        await seed(stream, ["x"]);
        let session;
        try {
          const started = Date.now();
          session = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { waitSecs: 1 } });

          const records = await drain(session);

          const elapsed = Date.now() - started;
          assert.deepEqual(records.map((r) => r.body), ["x"]);
          assert.ok(elapsed >= 900 && elapsed < 8000, `ended after ${elapsed} ms`);
        } finally {
          await cancel(session);
        }
      });

      it("as bytes delivers binary bodies and headers byte for byte, live too", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("bytes", transport);
        const writer = handle(stream.name, "fetch");
        const records = [
          { body: Uint8Array.from([0, 0xff, 0x80, 0x0a]), headers: [[encoder.encode("bin"), Uint8Array.from([0xc3, 0x00])]] },
          { body: new Uint8Array(0), headers: [] },
          { body: randomBytes(3000), headers: [[encoder.encode("big"), encoder.encode("yes")]] },
        ];
        await writer.append(AppendInput.create([AppendRecord.bytes(records[0])]));
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } } }, { as: "bytes" });

          const first = await take(session, 1);
          await writer.append(AppendInput.create(records.slice(1).map((r) => AppendRecord.bytes(r))));
          const live = await take(session, 2);

          [...first, ...live].forEach((record, i) => {
            assert.ok(record.body instanceof Uint8Array, `body of record ${i} is bytes`);
            assert.deepEqual([...record.body], [...records[i].body], `body of record ${i}`);
            assert.deepEqual(record.headers.map(([n, v]) => [[...n], [...v]]),
              records[i].headers.map(([n, v]) => [[...n], [...v]]), `headers of record ${i}`);
          });
        } finally {
          await cancel(session);
        }
      });

      it("catches up through several MiB of largest-size records, then follows", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("large", transport);
        const writer = handle(stream.name, "fetch");
        const bodies = Array.from({ length: 4 }, () => randomBytes(AppendRecord.maxBodyBytes()));
        for (const body of bodies.slice(0, 3)) await writer.append(AppendInput.create([AppendRecord.bytes({ body })]));
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } } }, { as: "bytes" });

          const caughtUp = await take(session, 3);
          await writer.append(AppendInput.create([AppendRecord.bytes({ body: bodies[3] })]));
          const live = await take(session, 1);

          [...caughtUp, ...live].forEach((record, i) => {
            assert.equal(record.seqNum, i);
            assert.ok(Buffer.from(record.body).equals(bodies[i]), `body of record ${i} (${record.body.length} bytes)`);
          });
        } finally {
          await cancel(session);
        }
      });

      it("as string delivers text bodies and headers, including non-ASCII", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("strings", transport);
        const writer = handle(stream.name, "fetch");
        await writer.append(AppendInput.create([AppendRecord.string({ body: "snow ☃ 😀", headers: [["k", "v"], ["é", ""]] })]));
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 2 }, waitSecs: 20 } }, { as: "string" });

          const first = await take(session, 1);
          await writer.append(AppendInput.create([AppendRecord.string({ body: "" })]));
          const rest = await drain(session);

          assert.deepEqual([...first, ...rest].map((r) => [r.seqNum, r.headers, r.body]),
            [[0, [["k", "v"], ["é", ""]], "snow ☃ 😀"], [1, [], ""]]);
        } finally {
          await cancel(session);
        }
      });

      it("ignoreCommandRecords skips a fence record while following", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("commands", transport);
        const writer = handle(stream.name, "fetch");
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } }, ignoreCommandRecords: true });
          await writer.append(AppendInput.create([AppendRecord.string({ body: "a" }), AppendRecord.fence("t"), AppendRecord.string({ body: "b" })]));

          const records = await take(session, 2);

          assert.deepEqual(records.map((r) => [r.seqNum, r.body]), [[0, "a"], [2, "b"]]);
        } finally {
          await cancel(session);
        }
      });

      it("against a stream that does not exist fails with 404 stream_not_found instead of ending", { timeout: TEST_MS }, async () => {
        const missing = handle("no-such-stream", transport);

        const error = await readSessionError(() => missing.readSession({ start: { from: { seqNum: 0 } } }));

        assertS2Error(error, { status: 404, code: "stream_not_found" });
      });

      it("starting beyond the tail fails with 416 and the tail", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("range", transport);
        await seed(stream, ["only"]);

        const error = await readSessionError(() => stream.readSession({ start: { from: { seqNum: 5 } } }));

        assertS2Error(error, { status: 416, code: error.code });
        assert.equal(error.tail?.seqNum, 1);
      });
    });

    describe(`appendSession (${transport})`, () => {
      it("pipelines batches submitted without awaiting acks; acks come in order with their ranges", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("pipeline", transport);
        const sizes = [1, 3, 2, 5, 1, 4];
        const session = await stream.appendSession();
        try {
          const tickets = [];
          for (const [i, size] of sizes.entries()) {
            tickets.push(await within(session.submit(strings(Array.from({ length: size }, (_, j) => `b${i}-r${j}`))), STEP_MS, `submit ${i}`));
          }
          const order = [];
          const acks = await within(Promise.all(tickets.map((t, i) => t.ack().then((ack) => {
            order.push(i);
            return ack;
          }))), STEP_MS, "acks");
          await within(session.close(), STEP_MS, "close");

          assert.deepEqual(order, sizes.map((_, i) => i), "acks resolve in submission order");
          assertAckRanges(acks, sizes);
          assert.equal(session.lastAckedPosition()?.end.seqNum, 16);
          assert.equal(session.failureCause(), undefined);
          const streamed = [];
          for await (const ack of session.acks()) streamed.push(ack.end.seqNum);
          assert.deepEqual(streamed, acks.map((a) => a.end.seqNum));
          const { records } = await handle(stream.name, "fetch").read({ start: { from: { seqNum: 0 } } });
          assert.deepEqual(records.map((r) => r.body), sizes.flatMap((size, i) => Array.from({ length: size }, (_, j) => `b${i}-r${j}`)));
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("mixes string and bytes records and keeps client timestamps", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("mixed", transport);
        const session = await stream.appendSession();
        try {
          const ticket = await session.submit(AppendInput.create([
            AppendRecord.string({ body: "text", headers: [["h", "1"]], timestamp: 1000 }),
            AppendRecord.bytes({ body: Uint8Array.from([1, 2, 255]), timestamp: 2000 }),
          ]));
          const ack = await within(ticket.ack(), STEP_MS, "ack");
          await within(session.close(), STEP_MS, "close");

          assert.deepEqual([ack.start.seqNum, ack.end.seqNum, ack.start.timestamp.getTime(), ack.end.timestamp.getTime()], [0, 2, 1000, 2000]);
          const { records } = await handle(stream.name, "fetch").read({ start: { from: { seqNum: 0 } } }, { as: "bytes" });
          assert.deepEqual(records.map((r) => [r.timestamp.getTime(), [...r.body]]), [[1000, [...encoder.encode("text")]], [2000, [1, 2, 255]]]);
          assert.equal(decoder.decode(records[0].headers[0][1]), "1");
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("a matchSeqNum mismatch fails with SeqNumMismatchError; earlier batches are acked, later ones not applied", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("mismatch", transport);
        const session = await stream.appendSession();
        try {
          const good = [
            await session.submit(strings(["a"], { matchSeqNum: 0 })),
            await session.submit(strings(["b", "c"], { matchSeqNum: 1 })),
          ];
          const bad = await session.submit(strings(["wrong"], { matchSeqNum: 7 }));
          // Submitted after the failing batch without waiting: must never be written.
          const later = await session.submit(strings(["after"])).catch((e) => e);

          const acks = await within(Promise.all(good.map((t) => t.ack())), STEP_MS, "acks before the failure");
          const error = await within(bad.ack().then(() => assert.fail("the mismatched batch was acked"), (e) => e), STEP_MS, "failure");

          assertAckRanges(acks, [1, 2]);
          assert.ok(error instanceof SeqNumMismatchError, `expected SeqNumMismatchError, got ${error?.stack ?? error}`);
          assert.equal(error.status, 412);
          assert.equal(error.expectedSeqNum, 3);
          assert.equal(session.failureCause(), error);
          if (!(later instanceof Error)) {
            await within(later.ack().then(() => assert.fail("a batch after the failure was acked"), () => {}), STEP_MS, "later batch");
          }
          await within(session.close().then(() => assert.fail("close succeeded after a failure"), (e) => assert.equal(e, error)), STEP_MS, "close");
          const { tail } = await handle(stream.name, "fetch").checkTail();
          assert.equal(tail.seqNum, 3, "nothing after the failed batch was written");
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("against a stream that does not exist fails with 404 stream_not_found", { timeout: TEST_MS }, async () => {
        const session = await handle("no-such-stream", transport).appendSession();
        try {
          const ticket = await session.submit(strings(["x"]));

          const error = await within(ticket.ack().then(() => assert.fail("acked"), (e) => e), STEP_MS, "failure");

          assertS2Error(error, { status: 404, code: "stream_not_found" });
          await within(session.close().then(() => assert.fail("close succeeded"), () => {}), STEP_MS, "close");
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("closes cleanly with nothing submitted, and after its last ack", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("close", transport);
        const idle = await stream.appendSession();
        await within(idle.close(), STEP_MS, "close an unused session");

        const session = await stream.appendSession();
        const ticket = await session.submit(strings(["x"]));
        await within(session.close(), STEP_MS, "close");
        const ack = await ticket.ack();

        assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [0, 1]);
        await assert.rejects(session.submit(strings(["y"])), S2Error);
        assert.equal((await handle(stream.name, "fetch").checkTail()).tail.seqNum, 1);
      });
    });

    describe(`session errors and options (${transport})`, () => {
      it("a fencing token mismatch fails with FencingTokenMismatchError carrying the current token", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("fenced", transport);
        await handle(stream.name, "fetch").append(AppendInput.create([AppendRecord.fence("leader-1")]));
        const session = await stream.appendSession();
        try {
          const ok = await session.submit(strings(["mine"], { fencingToken: "leader-1" }));
          const stale = await session.submit(strings(["stale"], { fencingToken: "leader-0" }));

          const ack = await within(ok.ack(), STEP_MS, "ack");
          const error = await within(stale.ack().then(() => assert.fail("acked"), (e) => e), STEP_MS, "failure");

          assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [1, 2]);
          assert.ok(error instanceof FencingTokenMismatchError, `expected FencingTokenMismatchError, got ${error?.stack ?? error}`);
          assert.equal(error.status, 412);
          assert.equal(error.expectedFencingToken, "leader-1");
          assert.equal((await handle(stream.name, "fetch").checkTail()).tail.seqNum, 2);
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("a batch the server rejects (no timestamp under client-require) fails with 422 invalid after earlier acks", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("invalid", transport);
        await basin.streams.reconfigure({ stream: stream.name, timestamping: { mode: "client-require" } });
        const session = await stream.appendSession();
        try {
          const ok = await session.submit(AppendInput.create([AppendRecord.string({ body: "a", timestamp: 5 })]));
          const bad = await session.submit(strings(["no timestamp"]));

          const ack = await within(ok.ack(), STEP_MS, "ack");
          const error = await within(bad.ack().then(() => assert.fail("acked"), (e) => e), STEP_MS, "failure");

          assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [0, 1]);
          assertS2Error(error, { status: 422, code: "invalid" });
          assert.equal((await handle(stream.name, "fetch").checkTail()).tail.seqNum, 1);
        } finally {
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("sessions auto-create streams with their streamConfig", { timeout: TEST_MS }, async () => {
        const auto = s2.basin(autoName);
        const appended = handle(`append-created-${transport}`, transport, s2, autoName);
        const read = handle(`read-created-${transport}`, transport, s2, autoName);
        const session = await appended.appendSession({ streamConfig: { storageClass: "standard" } });
        let reader;
        try {
          const ack = await within((await session.submit(strings(["first"]))).ack(), STEP_MS, "ack");
          await within(session.close(), STEP_MS, "close");
          reader = await read.readSession({ start: { from: { seqNum: 0 } }, stop: { waitSecs: 0 }, streamConfig: { timestamping: { mode: "client-require" } } });
          const records = await drain(reader);

          assert.equal(ack.start.seqNum, 0);
          assert.equal((await auto.streams.getConfig({ stream: appended.name })).storageClass, "standard");
          assert.deepEqual(records, []);
          assert.equal((await auto.streams.getConfig({ stream: read.name })).timestamping.mode, "client-require");
        } finally {
          await cancel(reader);
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("on an encrypted stream, sessions round-trip with the key; a wrong key fails in-band with decryption_failed", { timeout: TEST_MS }, async () => {
        const stream = `secret-${transport}`;
        await s2.basin(secretName).streams.create({ stream });
        const key = randomBytes(32);
        const keyed = handle(stream, transport, s2, secretName, { encryptionKey: key });
        const session = await keyed.appendSession();
        let reader;
        try {
          reader = await keyed.readSession({ start: { from: { seqNum: 0 } } });
          await within((await session.submit(strings(["secret", "text"]))).ack(), STEP_MS, "ack");
          const records = await take(reader, 2);
          await cancel(reader);

          assert.deepEqual(records.map((r) => r.body), ["secret", "text"]);
          const error = await readSessionError(() => handle(stream, transport, s2, secretName, { encryptionKey: randomBytes(32) })
            .readSession({ start: { from: { seqNum: 0 } } }));
          if (transport === "s2s") {
            // A terminal frame: status 400 and the JSON error body.
            assertS2Error(error, { status: 400, code: "decryption_failed" });
            assert.equal(error.origin, "server");
          } else {
            // An SSE `error` event: the SDK reports its data (the JSON error body) as a 503.
            assert.equal(error.status, 503, error.message);
            assert.equal(JSON.parse(error.message).code, "decryption_failed");
          }
        } finally {
          await cancel(reader);
          await within(session.close().catch(() => {}), STEP_MS, "close session");
        }
      });

      it("many concurrent followers of one stream each receive every record in order", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("fan-out", transport);
        const followers = transport === "s2s" ? 120 : 20;
        const sessions = [];
        try {
          for (let i = 0; i < followers; i++) {
            sessions.push(await handle(stream.name, transport).readSession({ start: { from: { seqNum: 0 } } }));
          }
          const received = Promise.all(sessions.map((session) => take(session, 10)));
          for (let i = 0; i < 5; i++) await seed(stream, [`r${2 * i}`, `r${2 * i + 1}`]);
          const all = await within(received, STEP_MS * 2, "all followers");

          for (const records of all) {
            assert.deepEqual(records.map((r) => r.body), Array.from({ length: 10 }, (_, i) => `r${i}`));
          }
        } finally {
          await Promise.all(sessions.map(cancel));
        }
      });
    });

    describe(`Producer (${transport})`, () => {
      it("batches many records; every ticket resolves to its record's seq_num and they read back in order", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("producer", transport);
        const total = 2500;
        const producer = new Producer(new BatchTransform({ lingerDurationMillis: 5, maxBatchRecords: 200 }), await stream.appendSession());
        try {
          const tickets = [];
          for (let i = 0; i < total; i++) {
            tickets.push(await within(producer.submit(AppendRecord.string({ body: `record-${i}` })), STEP_MS, `submit ${i}`));
          }
          const acks = await within(Promise.all(tickets.map((t) => t.ack())), STEP_MS, "all acks");
          await within(producer.close(), STEP_MS, "close");

          assert.deepEqual(acks.map((a) => a.seqNum()), acks.map((_, i) => i));
          const batches = new Map(acks.map((a) => [a.batchAppendAck().start.seqNum, a.batchAppendAck()]));
          assert.ok(batches.size > 1 && batches.size < total, `${batches.size} batches`);
          for (const batch of batches.values()) assert.ok(batch.end.seqNum - batch.start.seqNum <= 200);

          let session;
          try {
            session = await handle(stream.name, transport).readSession({ start: { from: { seqNum: 0 } }, stop: { limits: { count: total } } });
            const records = await drain(session);
            assert.equal(records.length, total);
            records.forEach((r, i) => assert.deepEqual([r.seqNum, r.body], [i, `record-${i}`]));
          } finally {
            await cancel(session);
          }
        } finally {
          await within(producer.close().catch(() => {}), STEP_MS, "close producer");
        }
      });

      it("pushes 6 MiB through a 1 MiB in-flight window: acks flow back while batches are still being sent", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("producer-backpressure", transport);
        const body = "p".repeat(100 * 1024);
        const total = 60;
        const producer = new Producer(new BatchTransform({ lingerDurationMillis: 1, maxBatchRecords: 4 }),
          await stream.appendSession({ maxInflightBytes: 1024 * 1024 }));
        try {
          const tickets = [];
          for (let i = 0; i < total; i++) {
            tickets.push(await within(producer.submit(AppendRecord.string({ body: `${i}:${body}` })), STEP_MS, `submit ${i}`));
          }
          const acks = await within(Promise.all(tickets.map((t) => t.ack())), STEP_MS, "all acks");
          await within(producer.close(), STEP_MS, "close");

          assert.deepEqual(acks.map((a) => a.seqNum()), acks.map((_, i) => i));
          const { tail } = await handle(stream.name, "fetch").checkTail();
          assert.equal(tail.seqNum, total);
        } finally {
          await within(producer.close().catch(() => {}), STEP_MS, "close producer");
        }
      });

      it("with matchSeqNum in the BatchTransform, every batch matches and all records land once", { timeout: TEST_MS }, async () => {
        const stream = await freshStream("producer-match", transport);
        await seed(stream, ["existing"]);
        const producer = new Producer(new BatchTransform({ lingerDurationMillis: 2, maxBatchRecords: 50, matchSeqNum: 1 }), await stream.appendSession());
        try {
          const tickets = [];
          for (let i = 0; i < 300; i++) tickets.push(await producer.submit(AppendRecord.string({ body: `m${i}` })));
          const acks = await within(Promise.all(tickets.map((t) => t.ack())), STEP_MS, "acks");
          await within(producer.close(), STEP_MS, "close");

          assert.deepEqual(acks.map((a) => a.seqNum()), acks.map((_, i) => i + 1));
          assert.equal((await handle(stream.name, "fetch").checkTail()).tail.seqNum, 301);
        } finally {
          await within(producer.close().catch(() => {}), STEP_MS, "close producer");
        }
      });
    });
  }

  describe("default transport on Node", () => {
    it("sessions do not go through fetch (they are S2S over HTTP/2)", { timeout: TEST_MS }, async () => {
      const stream = await freshStream("s2s-wire", "s2s");
      wire.take();
      const session = await stream.appendSession();
      let reader;
      try {
        await within((await session.submit(strings(["a"]))).ack(), STEP_MS, "ack");
        reader = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } } });
        assert.equal((await drain(reader)).length, 1);
        await within(session.close(), STEP_MS, "close");

        assert.deepEqual(wire.take(), []);
      } finally {
        await cancel(reader);
        await within(session.close().catch(() => {}), STEP_MS, "close session");
      }
    });
  });

  describe("fetch transport on the wire", () => {
    it("readSession is an SSE request (Accept: text/event-stream; s2-format base64 for bytes)", { timeout: TEST_MS }, async () => {
      const stream = await freshStream("sse-wire", "fetch");
      await seed(stream, ["a"]);
      wire.take();
      for (const as of ["string", "bytes"]) {
        let session;
        try {
          session = await stream.readSession({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } } }, { as });
          assert.equal((await drain(session)).length, 1);
        } finally {
          await cancel(session);
        }
      }

      const exchanges = wire.take().filter((e) => e.method === "GET");
      assert.equal(exchanges.length, 2);
      for (const exchange of exchanges) {
        assert.equal(exchange.path, `/v1/streams/${stream.name}/records`);
        assert.equal(exchange.accept, "text/event-stream");
        assert.equal(exchange.status, 200);
        assert.match(exchange.responseType, /^text\/event-stream\b/);
        assert.deepEqual([exchange.query.seq_num, exchange.query.count], ["0", "1"]);
      }
    });

    it("appendSession sends each batch as a unary append (JSON, protobuf once a record is bytes)", { timeout: TEST_MS }, async () => {
      const stream = await freshStream("fetch-append-wire", "fetch");
      wire.take();
      const session = await stream.appendSession();
      try {
        const tickets = [
          await session.submit(strings(["a", "b"])),
          await session.submit(AppendInput.create([AppendRecord.bytes({ body: Uint8Array.from([7]) })])),
        ];
        const acks = await within(Promise.all(tickets.map((t) => t.ack())), STEP_MS, "acks");
        await within(session.close(), STEP_MS, "close");

        assertAckRanges(acks, [2, 1]);
        const posts = wire.take().filter((e) => e.method === "POST");
        assert.deepEqual(posts.map((e) => [e.path, e.status]), [
          [`/v1/streams/${stream.name}/records`, 200],
          [`/v1/streams/${stream.name}/records`, 200],
        ]);
        assert.match(posts[0].requestType, /^application\/json\b/);
        assert.match(posts[1].requestType, /^application\/protobuf\b/);
      } finally {
        await within(session.close().catch(() => {}), STEP_MS, "close session");
      }
    });
  });

  describe("S2S compression (gzip)", () => {
    it("large batches round-trip through a gzip append session and a gzip read session", { timeout: TEST_MS }, async () => {
      const stream = await freshStream("gzip", "s2s", gzip);
      const bodies = Array.from({ length: 6 }, (_, i) => `${i}:`.padEnd(4000, String.fromCharCode(97 + i)));
      const session = await stream.appendSession();
      let reader;
      try {
        reader = await stream.readSession({ start: { from: { seqNum: 0 } } });
        const tickets = [];
        for (let i = 0; i < bodies.length; i += 2) tickets.push(await session.submit(strings(bodies.slice(i, i + 2))));
        const acks = await within(Promise.all(tickets.map((t) => t.ack())), STEP_MS, "acks");
        const records = await take(reader, bodies.length);

        assertAckRanges(acks, [2, 2, 2]);
        assert.deepEqual(records.map((r) => r.body), bodies);
        await within(session.close(), STEP_MS, "close");
      } finally {
        await cancel(reader);
        await within(session.close().catch(() => {}), STEP_MS, "close session");
      }
    });
  });
});
