// A quick tour of the SDK against an endpoint: what a first user does, in a few seconds. The
// container tests (testcontainers-module) run it against the image with the environment that
// S2LiteContainer.sdkEnvironment() gives. The suites in tests/ go deep; this goes once through.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import { basinName, client, deleteBasins } from "../support/s2.mjs";

const STEP_MS = 10_000;

/** Resolves like `promise`, or rejects once `ms` have passed. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const strings = (...bodies) => AppendInput.create(bodies.map((body) => AppendRecord.string({ body })));

describe("tour", { timeout: 60_000 }, () => {
  const s2 = client();
  const name = basinName("tour");
  const handles = [];

  after(async () => {
    await within(Promise.all(handles.map((h) => h.close())), STEP_MS, "close stream handles");
    await deleteBasins(s2, [name]);
  });

  it("creates a basin and a stream, appends unary and through a session, reads, and follows live", async () => {
    await s2.basins.create({ basin: name });
    await s2.basin(name).streams.create({ stream: "orders" });
    const stream = s2.basin(name).stream("orders");
    handles.push(stream);

    const ack = await stream.append(strings("first", "second"));
    const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
    const session = await within(stream.readSession({ start: { from: { seqNum: 0 } } }), STEP_MS, "open read session");
    const reader = session.getReader();
    try {
      const caughtUp = [(await within(reader.read(), STEP_MS, "record 0")).value, (await within(reader.read(), STEP_MS, "record 1")).value];
      const appender = await stream.appendSession();
      const ticket = await appender.submit(strings("live"));
      const sessionAck = await within(ticket.ack(), STEP_MS, "append session ack");
      await within(appender.close(), STEP_MS, "close append session");
      const live = (await within(reader.read(), STEP_MS, "live record")).value;

      assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [0, 2]);
      assert.deepEqual(records.map((r) => [r.seqNum, r.body]), [[0, "first"], [1, "second"]]);
      assert.deepEqual(caughtUp.map((r) => r.body), ["first", "second"]);
      assert.deepEqual([sessionAck.start.seqNum, live.seqNum, live.body], [2, 2, "live"]);
      assert.equal((await stream.checkTail()).tail.seqNum, 3);
    } finally {
      reader.releaseLock();
      await within(session.cancel("tour done").catch(() => {}), STEP_MS, "cancel read session");
    }
  });
});
