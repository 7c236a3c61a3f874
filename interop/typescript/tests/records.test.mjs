// Records through the official TypeScript SDK's unary data plane: append (JSON for string batches,
// protobuf as soon as one record is bytes), read (JSON for `as: "string"`, protobuf for
// `as: "bytes"`), check tail, conditions, command records, auto-create and encryption.
// Sessions (readSession, appendSession, Producer) are not exercised here.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  AppendInput,
  AppendRecord,
  FencingTokenMismatchError,
  RangeNotSatisfiableError,
  S2Error,
  SeqNumMismatchError,
} from "@s2-dev/streamstore";
import { basinName, client, deleteBasins, rejectsWithS2Error } from "../support/s2.mjs";
import { recordWire } from "../support/wire.mjs";

const JSON_TYPE = /^application\/json\b/;
const PROTOBUF_TYPE = /^application\/protobuf\b/;
const encoder = new TextEncoder();

/** Bytes of a string (UTF-8) or of a list of octets. */
function bytes(value) {
  return typeof value === "string" ? encoder.encode(value) : Uint8Array.from(value);
}

/** A record as plain data, so deepEqual compares bodies and headers byte for byte. */
function plain(record) {
  const value = (v) => (v instanceof Uint8Array ? [...v] : v);
  return {
    seqNum: record.seqNum,
    timestamp: record.timestamp.getTime(),
    headers: record.headers.map(([name, v]) => [value(name), value(v)]),
    body: value(record.body),
  };
}

function strings(...bodies) {
  return AppendInput.create(bodies.map((body) => AppendRecord.string({ body })));
}

/** Awaits `promise`, asserts it fails with `type` (an S2Error subclass) and status, returns it. */
async function rejectsWith(promise, type, status) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${type.name}, got success: ${JSON.stringify(value)}`),
    (e) => e,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${error?.stack ?? error}`);
  assert.ok(error instanceof S2Error);
  assert.equal(error.status, status, error.message);
  assert.equal(error.origin, "server");
  return error;
}

/** Asserts a read fails with 416 and the SDK's RangeNotSatisfiableError carrying this tail. */
async function rejectsWithRange(promise, seqNum, timestamp) {
  const error = await rejectsWith(promise, RangeNotSatisfiableError, 416);
  assert.deepEqual({ seqNum: error.tail?.seqNum, timestamp: error.tail?.timestamp?.getTime() }, { seqNum, timestamp });
}

describe("records", { timeout: 120_000 }, () => {
  const s2 = client();
  const wire = recordWire();
  const basins = {
    plain: basinName("records"),
    auto: basinName("records-auto"),
    aegis: basinName("records-aegis"),
    gcm: basinName("records-gcm"),
  };
  const basin = s2.basin(basins.plain);
  let streamCount = 0;

  /** A new stream in the plain basin, reached over the unary (fetch) transport. */
  async function freshStream(label) {
    const name = `${label}-${streamCount++}`;
    await basin.streams.create({ stream: name });
    return basin.stream(name, { forceTransport: "fetch" });
  }

  before(async () => {
    await s2.basins.create({ basin: basins.plain });
    await s2.basins.create({ basin: basins.auto, config: { createStreamOnAppend: true, createStreamOnRead: true } });
    await s2.basins.create({ basin: basins.aegis, config: { streamCipher: "aegis-256" } });
    await s2.basins.create({ basin: basins.gcm, config: { streamCipher: "aes-256-gcm" } });
  });

  after(async () => {
    wire.stop();
    await deleteBasins(s2, Object.values(basins));
  });

  describe("append", () => {
    it("sends an all-string batch as JSON; the ack reports start, end and tail", async () => {
      const stream = await freshStream("append-json");
      const before = Date.now();
      wire.take();

      const ack = await stream.append(strings("a", "b"));

      const [exchange] = wire.take();
      assert.deepEqual(
        { method: exchange.method, path: exchange.path, status: exchange.status },
        { method: "POST", path: `/v1/streams/${stream.name}/records`, status: 200 },
      );
      assert.match(exchange.requestType, JSON_TYPE);
      assert.match(exchange.responseType, JSON_TYPE);
      assert.deepEqual([ack.start.seqNum, ack.end.seqNum, ack.tail.seqNum], [0, 2, 2]);
      for (const position of [ack.start, ack.end, ack.tail]) {
        assert.ok(position.timestamp instanceof Date);
        assert.ok(position.timestamp.getTime() >= before - 1000 && position.timestamp.getTime() <= Date.now() + 1000,
          `arrival timestamp ${position.timestamp.toISOString()}`);
      }
      const next = await stream.append(strings("c"));
      assert.deepEqual([next.start.seqNum, next.end.seqNum, next.tail.seqNum], [2, 3, 3]);
    });

    it("sends a batch with one bytes record as protobuf, and the string records in it arrive too", async () => {
      const stream = await freshStream("append-proto");
      wire.take();

      const ack = await stream.append(AppendInput.create([
        AppendRecord.string({ body: "text", headers: [["kind", "string"]] }),
        AppendRecord.bytes({ body: bytes([0, 1, 2]), headers: [["kind", "bytes"]] }),
      ]));

      const [exchange] = wire.take();
      assert.equal(exchange.status, 200);
      assert.match(exchange.requestType, PROTOBUF_TYPE);
      assert.match(exchange.accept, PROTOBUF_TYPE);
      assert.match(exchange.responseType, PROTOBUF_TYPE);
      assert.deepEqual([ack.start.seqNum, ack.end.seqNum, ack.tail.seqNum], [0, 2, 2]);
      assert.ok(ack.start.timestamp instanceof Date && ack.start.timestamp.getTime() > 0);
      const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
      assert.deepEqual(records.map((r) => [r.body, r.headers]), [
        ["text", [["kind", "string"]]],
        ["\u0000\u0001\u0002", [["kind", "bytes"]]],
      ]);
    });

    it("round-trips binary bodies and binary header names and values byte for byte", async () => {
      const stream = await freshStream("append-binary");
      const records = [
        { body: bytes([0x00, 0xff, 0x80, 0xfe, 0x0a]), headers: [[bytes("bin"), bytes([0x00, 0xff, 0xc3])], [bytes([0xe2, 0x98]), bytes([])]] },
        { body: bytes([]), headers: [[bytes("empty-body"), bytes("yes")]] },
        { body: randomBytes(4096), headers: [] },
      ];

      await stream.append(AppendInput.create(records.map((r) => AppendRecord.bytes(r))));

      wire.take();
      const batch = await stream.read({ start: { from: { seqNum: 0 } } }, { as: "bytes" });
      const [exchange] = wire.take();
      assert.match(exchange.accept, PROTOBUF_TYPE);
      assert.match(exchange.responseType, PROTOBUF_TYPE);
      assert.equal(batch.records.length, 3);
      batch.records.forEach((record, i) => {
        assert.ok(record.body instanceof Uint8Array);
        assert.deepEqual([...record.body], [...records[i].body], `body of record ${i}`);
        assert.deepEqual(record.headers.map(([n, v]) => [[...n], [...v]]),
          records[i].headers.map(([n, v]) => [[...n], [...v]]), `headers of record ${i}`);
      });
    });

    it("keeps string headers in order with duplicates and empty values, over JSON both ways", async () => {
      const headers = [["k", "1"], ["k", "2"], ["empty", ""], ["é", "☃ snow"], ["a", "b"]];
      const stream = await freshStream("append-headers");

      await stream.append(AppendInput.create([
        AppendRecord.string({ body: "with headers ☃ 😀", headers }),
        AppendRecord.string({ body: "" }),
      ]));

      const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
      assert.deepEqual(records.map((r) => [r.headers, r.body]), [[headers, "with headers ☃ 😀"], [[], ""]]);
      const binary = await stream.read({ start: { from: { seqNum: 0 } } }, { as: "bytes" });
      assert.deepEqual(binary.records[0].headers.map(([n, v]) => [[...n], [...v]]),
        headers.map(([n, v]) => [[...bytes(n)], [...bytes(v)]]));
      assert.deepEqual([...binary.records[1].body], []);
    });

    it("keeps client timestamps given as numbers or Dates, and never lets them decrease", async () => {
      const stream = await freshStream("append-timestamps");

      const ack = await stream.append(AppendInput.create([
        AppendRecord.string({ body: "a", timestamp: 1000 }),
        AppendRecord.string({ body: "b", timestamp: new Date(900) }),
        AppendRecord.bytes({ body: bytes("c"), timestamp: 1100 }),
      ]));

      assert.deepEqual([ack.start.timestamp.getTime(), ack.end.timestamp.getTime()], [1000, 1100]);
      const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
      assert.deepEqual(records.map((r) => r.timestamp.getTime()), [1000, 1000, 1100]);
    });

    it("client-require rejects a batch with a record lacking a timestamp; future timestamps are capped unless uncapped", async () => {
      const required = (await freshStream("append-require")).name;
      await basin.streams.reconfigure({ stream: required, timestamping: { mode: "client-require" } });
      const stream = basin.stream(required, { forceTransport: "fetch" });
      const future = Date.now() + 3_600_000;

      await rejectsWithS2Error(stream.append(AppendInput.create([
        AppendRecord.string({ body: "a", timestamp: 1000 }), AppendRecord.string({ body: "b" }),
      ])), { status: 422, code: "invalid" });
      assert.equal((await stream.checkTail()).tail.seqNum, 0);
      const capped = await stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes("c"), timestamp: future })]));
      assert.ok(capped.start.timestamp.getTime() < future - 60_000, "capped at arrival");

      await basin.streams.reconfigure({ stream: required, timestamping: { uncapped: true } });
      const kept = await stream.append(AppendInput.create([AppendRecord.string({ body: "d", timestamp: future })]));
      assert.equal(kept.start.timestamp.getTime(), future);
    });

    it("appends a record of the largest body the SDK allows, as JSON and as protobuf", async () => {
      const stream = await freshStream("append-large");
      const size = AppendRecord.maxBodyBytes();

      await stream.append(AppendInput.create([AppendRecord.string({ body: "s".repeat(size) })]));
      const body = randomBytes(size);
      await stream.append(AppendInput.create([AppendRecord.bytes({ body })]));

      const first = await stream.read({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } } });
      assert.equal(first.records[0].body.length, size);
      const second = await stream.read({ start: { from: { seqNum: 1 } } }, { as: "bytes" });
      assert.ok(Buffer.from(second.records[0].body).equals(body), "1 MiB binary body round-trips");
    });

    it("rejects a header with an empty name next to others with 422 invalid, writing nothing", async () => {
      const stream = await freshStream("append-empty-name");

      await rejectsWithS2Error(
        stream.append(AppendInput.create([AppendRecord.string({ body: "x", headers: [["", "v"], ["a", "b"]] })])),
        { status: 422, code: "invalid" },
      );
      await rejectsWithS2Error(
        stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes("x"), headers: [["", "v"], ["a", "b"]] })])),
        { status: 422, code: "invalid" },
      );

      assert.equal((await stream.checkTail()).tail.seqNum, 0);
    });

    it("rejects an empty batch with 422 invalid", async () => {
      const stream = await freshStream("append-empty");

      // AppendInput.create refuses it client-side; the raw input reaches the server.
      await rejectsWithS2Error(stream.append({ records: [], meteredBytes: 0 }), { status: 422, code: "invalid" });
    });

    it("appending in a basin that does not exist fails with 404 basin_not_found", async () => {
      const stream = s2.basin(basinName("records-missing")).stream("s", { forceTransport: "fetch" });

      await rejectsWithS2Error(stream.append(strings("x")), { status: 404, code: "basin_not_found" });
      await rejectsWithS2Error(stream.read({ start: { from: { seqNum: 0 } } }, { as: "bytes" }), { status: 404, code: "basin_not_found" });
    });

    it("appending to a stream that does not exist fails with 404 stream_not_found, in JSON and protobuf", async () => {
      const stream = basin.stream("no-such-stream", { forceTransport: "fetch" });

      await rejectsWithS2Error(stream.append(strings("x")), { status: 404, code: "stream_not_found" });
      await rejectsWithS2Error(stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes("x") })])),
        { status: 404, code: "stream_not_found" });
    });
  });

  describe("read", () => {
    let stream;
    // r0..r4 at timestamps 1000..5000; each record meters 8 + 2 = 10 bytes.
    const TAIL = { seqNum: 5, timestamp: 5000 };

    before(async () => {
      stream = await freshStream("read");
      await stream.append(AppendInput.create([0, 1, 2, 3, 4].map((i) =>
        AppendRecord.string({ body: `r${i}`, timestamp: (i + 1) * 1000 }))));
    });

    async function bodies(input, as) {
      const batch = await stream.read(input, { as });
      assert.equal(batch.tail, undefined, "no tail outside follow mode");
      return batch.records.map((r) => (as === "bytes" ? new TextDecoder().decode(r.body) : r.body));
    }

    it("reads by seq_num as strings over JSON", async () => {
      wire.take();

      const batch = await stream.read({ start: { from: { seqNum: 1 } } });

      const [exchange] = wire.take();
      assert.deepEqual({ method: exchange.method, path: exchange.path, query: exchange.query, status: exchange.status },
        { method: "GET", path: `/v1/streams/${stream.name}/records`, query: { seq_num: "1" }, status: 200 });
      assert.doesNotMatch(exchange.accept ?? "", PROTOBUF_TYPE);
      assert.match(exchange.responseType, JSON_TYPE);
      assert.deepEqual(batch.records.map(plain), [1, 2, 3, 4].map((i) => ({
        seqNum: i, timestamp: (i + 1) * 1000, headers: [], body: `r${i}`,
      })));
      assert.equal(batch.tail, undefined);
    });

    it("reads by seq_num as bytes over protobuf", async () => {
      wire.take();

      const batch = await stream.read({ start: { from: { seqNum: 3 } } }, { as: "bytes" });

      const [exchange] = wire.take();
      assert.match(exchange.accept, PROTOBUF_TYPE);
      assert.match(exchange.responseType, PROTOBUF_TYPE);
      assert.deepEqual(batch.records.map(plain), [3, 4].map((i) => ({
        seqNum: i, timestamp: (i + 1) * 1000, headers: [], body: [...bytes(`r${i}`)],
      })));
      assert.equal(batch.tail, undefined);
    });

    for (const as of ["string", "bytes"]) {
      describe(`as ${as}`, () => {
        it("stops at the count limit; count 0 reads nothing", async () => {
          assert.deepEqual(await bodies({ start: { from: { seqNum: 1 } }, stop: { limits: { count: 2 } } }, as), ["r1", "r2"]);
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 0 } } }, as), []);
        });

        it("stops at the metered bytes limit, an exact fit included", async () => {
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { limits: { bytes: 20 } } }, as), ["r0", "r1"]);
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { limits: { bytes: 19 } } }, as), ["r0"]);
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { limits: { bytes: 9 } } }, as), []);
        });

        it("starts at the first record at or after a timestamp (number or Date)", async () => {
          assert.deepEqual(await bodies({ start: { from: { timestamp: 2500 } } }, as), ["r2", "r3", "r4"]);
          assert.deepEqual(await bodies({ start: { from: { timestamp: new Date(4000) } } }, as), ["r3", "r4"]);
          assert.deepEqual(await bodies({ start: { from: { timestamp: 5000 } } }, as), ["r4"]);
        });

        it("stops before the until timestamp", async () => {
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { untilTimestamp: 3000 } }, as), ["r0", "r1"]);
          assert.deepEqual(await bodies({ start: { from: { seqNum: 0 } }, stop: { untilTimestamp: new Date(1000) } }, as), []);
        });

        it("starts at an offset from the tail, saturating at the first record", async () => {
          assert.deepEqual(await bodies({ start: { from: { tailOffset: 2 } } }, as), ["r3", "r4"]);
          assert.deepEqual(await bodies({ start: { from: { tailOffset: 100 } }, stop: { limits: { count: 1 } } }, as), ["r0"]);
        });

        it("fails with 416 RangeNotSatisfiableError carrying the tail when the start is out of range", async () => {
          const read = (input) => stream.read(input, { as });
          await rejectsWithRange(read({ start: { from: { seqNum: 99 } } }), TAIL.seqNum, TAIL.timestamp);
          await rejectsWithRange(read({ start: { from: { seqNum: 5 } } }), TAIL.seqNum, TAIL.timestamp);
          await rejectsWithRange(read({ start: { from: { timestamp: 5001 } } }), TAIL.seqNum, TAIL.timestamp);
          await rejectsWithRange(read({ start: { from: { tailOffset: 0 } } }), TAIL.seqNum, TAIL.timestamp);
          // No start at all starts at the tail, and a unary read without wait does not follow.
          await rejectsWithRange(read(), TAIL.seqNum, TAIL.timestamp);
          // Clamped to the tail, a read that cannot wait is still out of range.
          await rejectsWithRange(read({ start: { from: { seqNum: 99 }, clamp: true } }), TAIL.seqNum, TAIL.timestamp);
        });

        it("a timestamp start with until at or before it is 422 invalid", async () => {
          await rejectsWithS2Error(stream.read({ start: { from: { timestamp: 1500 } }, stop: { untilTimestamp: 1500 } }, { as }),
            { status: 422, code: "invalid" });
        });

        it("returns catch-up records at once even with a wait", async () => {
          const started = Date.now();

          assert.deepEqual(await bodies({ start: { from: { seqNum: 3 } }, stop: { waitSecs: 30 } }, as), ["r3", "r4"]);

          assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
        });

        it("clamped beyond the tail with a wait, returns an empty batch without tail when the wait ends", async () => {
          const started = Date.now();

          const batch = await stream.read({ start: { from: { seqNum: 99 }, clamp: true }, stop: { waitSecs: 1 } }, { as });

          assert.deepEqual(batch.records, []);
          assert.equal(batch.tail, undefined);
          const elapsed = Date.now() - started;
          assert.ok(elapsed >= 900 && elapsed < 10_000, `waited ${elapsed} ms`);
        });
      });
    }

    it("a read without limits returns at most 1000 records, in both modes", async () => {
      const big = await freshStream("read-cap");
      const batch = (from) => AppendInput.create(Array.from({ length: 600 }, (_, i) => AppendRecord.string({ body: `b${from + i}` })));
      await big.append(batch(0));
      await big.append(batch(600));

      for (const as of ["string", "bytes"]) {
        const { records } = await big.read({ start: { from: { seqNum: 0 } } }, { as });
        assert.deepEqual([records.length, records[0].seqNum, records.at(-1).seqNum], [1000, 0, 999], `as ${as}`);
        const rest = await big.read({ start: { from: { seqNum: 1000 } }, stop: { limits: { count: 5000 } } }, { as });
        assert.equal(rest.records.length, 200, `as ${as}`);
      }
    });

    for (const as of ["string", "bytes"]) {
      it(`a read at the tail with wait returns the records appended meanwhile, with the tail (as ${as})`, async () => {
        const polled = await freshStream(`read-wait-${as}`);
        await polled.append(strings("first"));
        const started = Date.now();

        const pending = polled.read({ start: { from: { seqNum: 1 } }, stop: { waitSecs: 30 } }, { as });
        // Long enough for the read to be waiting at the tail when the append lands.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const ack = await polled.append(strings("late"));
        const batch = await pending;

        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
        assert.deepEqual(batch.records.map((r) => r.seqNum), [1]);
        assert.deepEqual(as === "bytes" ? [...batch.records[0].body] : batch.records[0].body,
          as === "bytes" ? [...bytes("late")] : "late");
        assert.equal(batch.tail?.seqNum, 2);
        assert.equal(batch.tail?.timestamp.getTime(), ack.end.timestamp.getTime());
      });
    }

    it("reading a stream that does not exist fails with 404 stream_not_found, in both modes", async () => {
      const missing = basin.stream("no-such-stream", { forceTransport: "fetch" });

      await rejectsWithS2Error(missing.read({ start: { from: { seqNum: 0 } } }), { status: 404, code: "stream_not_found" });
      await rejectsWithS2Error(missing.read({ start: { from: { seqNum: 0 } } }, { as: "bytes" }),
        { status: 404, code: "stream_not_found" });
    });
  });

  describe("check tail", () => {
    it("is seq_num 0 at the epoch for a new stream", async () => {
      const stream = await freshStream("tail-empty");

      const { tail } = await stream.checkTail();

      assert.deepEqual({ seqNum: tail.seqNum, timestamp: tail.timestamp.getTime() }, { seqNum: 0, timestamp: 0 });
    });

    it("is the acked tail after appends", async () => {
      const stream = await freshStream("tail");
      await stream.append(strings("a", "b"));
      const ack = await stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes([1]) })]));
      wire.take();

      const { tail } = await stream.checkTail();

      const [exchange] = wire.take();
      assert.deepEqual({ method: exchange.method, path: exchange.path, status: exchange.status },
        { method: "GET", path: `/v1/streams/${stream.name}/records/tail`, status: 200 });
      assert.match(exchange.responseType, JSON_TYPE);
      assert.deepEqual({ seqNum: tail.seqNum, timestamp: tail.timestamp.getTime() },
        { seqNum: 3, timestamp: ack.tail.timestamp.getTime() });
    });

    it("fails with 404 stream_not_found for a stream that does not exist", async () => {
      await rejectsWithS2Error(basin.stream("no-such-stream").checkTail(), { status: 404, code: "stream_not_found" });
    });
  });

  describe("conditions", () => {
    for (const [format, record] of [["JSON", () => AppendRecord.string({ body: "x" })], ["protobuf", () => AppendRecord.bytes({ body: bytes("x") })]]) {
      it(`matchSeqNum: a match appends, a mismatch is SeqNumMismatchError with the next seq_num and writes nothing (${format})`, async () => {
        const stream = await freshStream(`match-${format}`);
        await stream.append(AppendInput.create([record()], { matchSeqNum: 0 }));
        await stream.append(AppendInput.create([record(), record()], { matchSeqNum: 1 }));

        const error = await rejectsWith(stream.append(AppendInput.create([record()], { matchSeqNum: 1 })), SeqNumMismatchError, 412);

        assert.equal(error.expectedSeqNum, 3);
        assert.equal((await stream.checkTail()).tail.seqNum, 3);
      });

      it(`fencingToken: a wrong token is FencingTokenMismatchError with the current token and writes nothing (${format})`, async () => {
        const stream = await freshStream(`fence-${format}`);
        // The initial token is empty.
        await stream.append(AppendInput.create([record()], { fencingToken: "" }));
        await stream.append(AppendInput.create([AppendRecord.fence("leader-1")]));

        const error = await rejectsWith(stream.append(AppendInput.create([record()], { fencingToken: "leader-0" })),
          FencingTokenMismatchError, 412);

        assert.equal(error.expectedFencingToken, "leader-1");
        assert.equal((await stream.checkTail()).tail.seqNum, 2);
        const ack = await stream.append(AppendInput.create([record()], { fencingToken: "leader-1" }));
        assert.equal(ack.start.seqNum, 2);
        // Appends without a token are never fenced out.
        assert.equal((await stream.append(AppendInput.create([record()]))).start.seqNum, 3);
      });
    }

    it("a fence batched with bytes records goes as protobuf and takes effect", async () => {
      const stream = await freshStream("fence-mixed");
      wire.take();

      await stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes([9]) }), AppendRecord.fence("mixed")]));

      assert.match(wire.take()[0].requestType, PROTOBUF_TYPE);
      const error = await rejectsWith(stream.append(AppendInput.create([AppendRecord.string({ body: "x" })], { fencingToken: "" })),
        FencingTokenMismatchError, 412);
      assert.equal(error.expectedFencingToken, "mixed");
    });

    it("an empty fence token resets the token", async () => {
      const stream = await freshStream("fence-reset");
      await stream.append(AppendInput.create([AppendRecord.fence("t1")]));

      await stream.append(AppendInput.create([AppendRecord.fence("")], { fencingToken: "t1" }));

      await stream.append(AppendInput.create([AppendRecord.string({ body: "ok" })], { fencingToken: "" }));
      const { records } = await stream.read({ start: { from: { seqNum: 1 } } });
      assert.deepEqual(records.map((r) => [r.headers, r.body]), [[[["", "fence"]], ""], [[], "ok"]]);
    });
  });

  describe("command records", () => {
    it("a fence record is read back as a command record; ignoreCommandRecords drops it", async () => {
      const stream = await freshStream("command-fence");
      await stream.append(AppendInput.create([AppendRecord.string({ body: "a" }), AppendRecord.fence("token-1"), AppendRecord.string({ body: "b" })]));

      const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
      assert.deepEqual(records.map((r) => [r.seqNum, r.headers, r.body]),
        [[0, [], "a"], [1, [["", "fence"]], "token-1"], [2, [], "b"]]);
      const filtered = await stream.read({ start: { from: { seqNum: 0 } }, ignoreCommandRecords: true });
      assert.deepEqual(filtered.records.map((r) => r.body), ["a", "b"]);
      const binary = await stream.read({ start: { from: { seqNum: 1 } }, stop: { limits: { count: 1 } } }, { as: "bytes" });
      assert.deepEqual(binary.records.map(plain).map((r) => [r.headers, r.body]),
        [[[[[], [...bytes("fence")]]], [...bytes("token-1")]]]);
    });

    it("a trim record goes as protobuf, reads back with its 8-byte body, and trims the stream without moving the tail", async () => {
      const stream = await freshStream("command-trim");
      await stream.append(strings("r0", "r1", "r2", "r3"));
      wire.take();

      const ack = await stream.append(AppendInput.create([AppendRecord.trim(2)]));

      assert.match(wire.take()[0].requestType, PROTOBUF_TYPE);
      assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [4, 5]);
      const trim = await stream.read({ start: { from: { seqNum: 4 } } }, { as: "bytes" });
      assert.deepEqual(trim.records.map(plain).map((r) => [r.headers, r.body]),
        [[[[[], [...bytes("trim")]]], [0, 0, 0, 0, 0, 0, 0, 2]]]);
      // Deletion is asynchronous: poll (bounded) until the first readable record is the trim point.
      const deadline = Date.now() + 15_000;
      let first;
      do {
        first = (await stream.read({ start: { from: { seqNum: 0 } } })).records[0].seqNum;
        if (first !== 2) await new Promise((resolve) => setTimeout(resolve, 100));
      } while (first !== 2 && Date.now() < deadline);
      assert.equal(first, 2, "records below the trim point are deleted");
      assert.equal((await stream.checkTail()).tail.seqNum, 5);
    });
  });

  describe("auto-create", () => {
    const auto = s2.basin(basins.auto);

    it("an append creates the stream with the streamConfig it carries", async () => {
      const stream = auto.stream("append-created", { forceTransport: "fetch" });
      const config = { storageClass: "standard", retentionPolicy: { ageSecs: 3600 }, timestamping: { mode: "arrival" } };
      wire.take();

      const ack = await stream.append(AppendInput.create([AppendRecord.string({ body: "x", timestamp: 1000 })], { streamConfig: config }));

      const [exchange] = wire.take();
      assert.deepEqual(JSON.parse(exchange.streamConfig),
        { storage_class: "standard", retention_policy: { age: 3600 }, timestamping: { mode: "arrival" } });
      assert.equal(ack.start.seqNum, 0);
      assert.notEqual(ack.start.timestamp.getTime(), 1000, "arrival mode ignores the client timestamp");
      assert.deepEqual(await auto.streams.getConfig({ stream: stream.name }), {
        ...config,
        timestamping: { mode: "arrival", uncapped: false },
        deleteOnEmpty: { minAgeSecs: 0 },
      });
    });

    it("a bytes append creates the stream with its streamConfig too", async () => {
      const stream = auto.stream("append-created-proto", { forceTransport: "fetch" });

      await stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes([1]) })], { streamConfig: { storageClass: "standard" } }));

      assert.equal((await auto.streams.getConfig({ stream: stream.name })).storageClass, "standard");
    });

    it("the streamConfig of an append to an existing stream is ignored", async () => {
      const stream = auto.stream("append-existing", { forceTransport: "fetch" });
      await stream.append(strings("first"));

      await stream.append(AppendInput.create([AppendRecord.string({ body: "second" })], { streamConfig: { storageClass: "standard" } }));

      assert.equal((await auto.streams.getConfig({ stream: stream.name })).storageClass, "express");
      assert.equal((await stream.checkTail()).tail.seqNum, 2);
    });

    it("a read creates the stream with its streamConfig and answers 416 at the new stream's tail", async () => {
      const stream = auto.stream("read-created", { forceTransport: "fetch" });

      await rejectsWithRange(stream.read({ start: { from: { seqNum: 0 } }, streamConfig: { timestamping: { mode: "client-require" } } }), 0, 0);

      assert.equal((await auto.streams.getConfig({ stream: stream.name })).timestamping.mode, "client-require");
    });

    it("an invalid streamConfig is 400 bad_header and creates nothing", async () => {
      const stream = auto.stream("bad-config", { forceTransport: "fetch" });

      await rejectsWithS2Error(stream.append(AppendInput.create([AppendRecord.string({ body: "x" })], { streamConfig: { retentionPolicy: { ageSecs: 0 } } })),
        { status: 400, code: "bad_header" });

      await rejectsWithS2Error(auto.streams.getConfig({ stream: stream.name }), { status: 404, code: "stream_not_found" });
    });

    it("without create_stream_on_append the streamConfig does not create the stream", async () => {
      const stream = basin.stream("not-created", { forceTransport: "fetch" });

      await rejectsWithS2Error(stream.append(AppendInput.create([AppendRecord.string({ body: "x" })], { streamConfig: { storageClass: "standard" } })),
        { status: 404, code: "stream_not_found" });
    });
  });

  for (const cipher of ["aegis-256", "aes-256-gcm"]) {
    describe(`encryption (${cipher})`, () => {
      const encrypted = s2.basin(cipher === "aegis-256" ? basins.aegis : basins.gcm);
      const key = randomBytes(32);
      let name;

      before(async () => {
        name = `secret-${cipher}`;
        const info = await encrypted.streams.create({ stream: name });
        assert.equal(info.cipher, cipher);
      });

      it("round-trips string and bytes records with the key, in both read modes", async () => {
        const stream = encrypted.stream(name, { forceTransport: "fetch", encryptionKey: key });
        wire.take();

        await stream.append(AppendInput.create([AppendRecord.string({ body: "secret text", headers: [["h", "v"]] }), AppendRecord.fence("f")]));
        await stream.append(AppendInput.create([AppendRecord.bytes({ body: bytes([0, 0xff]), headers: [[bytes("b"), bytes([0x80])]] })]));

        for (const exchange of wire.take()) {
          assert.equal(exchange.encryptionKey, key.toString("base64"));
        }
        const { records } = await stream.read({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 2 } } });
        assert.deepEqual(records.map((r) => [r.headers, r.body]), [[[["h", "v"]], "secret text"], [[["", "fence"]], "f"]]);
        const binary = await stream.read({ start: { from: { seqNum: 2 } } }, { as: "bytes" });
        assert.deepEqual(binary.records.map(plain).map((r) => [r.headers, r.body]), [[[[[...bytes("b")], [0x80]]], [0, 0xff]]]);
        // withEncryptionKey with the base64 form is the same key.
        const same = await encrypted.stream(name, { forceTransport: "fetch" }).withEncryptionKey(key.toString("base64"))
          .read({ start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } } });
        assert.equal(same.records[0].body, "secret text");
      });

      it("without the key append and read are 400 bad_header; check tail needs none", async () => {
        const keyless = encrypted.stream(name, { forceTransport: "fetch" });

        await rejectsWithS2Error(keyless.append(strings("x")), { status: 400, code: "bad_header" });
        await rejectsWithS2Error(keyless.read({ start: { from: { seqNum: 0 } } }), { status: 400, code: "bad_header" });
        await rejectsWithS2Error(keyless.read({ start: { from: { seqNum: 0 } } }, { as: "bytes" }), { status: 400, code: "bad_header" });
        assert.ok((await keyless.checkTail()).tail.seqNum >= 0);
      });

      it("reading with another key is 400 decryption_failed, in both read modes", async () => {
        const writer = encrypted.stream(name, { forceTransport: "fetch", encryptionKey: key });
        const { tail } = await writer.checkTail();
        await writer.append(strings("for the right key only"));
        const wrong = encrypted.stream(name, { forceTransport: "fetch", encryptionKey: randomBytes(32) });

        await rejectsWithS2Error(wrong.read({ start: { from: { seqNum: tail.seqNum } } }), { status: 400, code: "decryption_failed" });
        await rejectsWithS2Error(wrong.read({ start: { from: { seqNum: tail.seqNum } } }, { as: "bytes" }),
          { status: 400, code: "decryption_failed" });
      });
    });
  }
});
