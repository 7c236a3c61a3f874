// Fault rules of the emulator's admin API (/_emulator) as the official TypeScript SDK meets them:
// its retry of an append answered 503, and its reconnect of a read session the server dropped, on
// both transports. The emulator's request journal proves what the SDK sent. s2-lite has no admin
// API, so against it this suite skips, saying why.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import { basinName, client, deleteBasins } from "../support/s2.mjs";

const ENDPOINT = process.env.S2_ACCOUNT_ENDPOINT;
const STEP_MS = 10_000;
// Retries on, with short backoffs: the point of these tests is what the SDK does on a fault.
const RETRYING = { retry: { maxAttempts: 4, minBaseDelayMillis: 20, maxBaseDelayMillis: 100, appendRetryPolicy: "all" } };

/** A call to the emulator's admin API; the parsed JSON answer (or null for 204). */
async function admin(method, path, body) {
  const res = await fetch(`${ENDPOINT}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} /_emulator${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The journal's entries for one basin, oldest first. */
async function journal(basin, query = "") {
  const { requests } = await admin("GET", `/journal?basin=${encodeURIComponent(basin)}&limit=1000${query}`);
  return requests;
}

function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reads `n` records from a session (each within STEP_MS), leaving it open. */
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

const strings = (bodies) => AppendInput.create(bodies.map((body) => AppendRecord.string({ body })));

describe("fault rules seen by the SDK", { timeout: 90_000 }, () => {
  const s2 = client(RETRYING);
  const names = [];
  let emulator = false;

  before(async () => {
    const probe = await fetch(`${ENDPOINT}/_emulator/clock`).catch(() => null);
    emulator = probe !== null && probe.ok;
  });

  after(async () => {
    await deleteBasins(client(), names);
  });

  async function freshBasin(label) {
    const name = basinName(label);
    names.push(name);
    await s2.basins.create({ basin: name });
    return name;
  }

  it("retries an append answered 503 unavailable, and the journal shows both attempts", async (t) => {
    if (!emulator) return t.skip("the endpoint has no /_emulator admin API (not the s2lite emulator)");
    const basin = await freshBasin("fault-append");
    await s2.basin(basin).streams.create({ stream: "orders" });
    const rule = await admin("POST", "/faults", {
      operation: "append", basin, stream: "orders", action: { error: { status: 503 } }, times: 1,
    });

    const ack = await within(s2.basin(basin).stream("orders").append(strings(["order-1"])), STEP_MS, "append");

    assert.deepEqual([ack.start.seqNum, ack.end.seqNum], [0, 1]);
    const appends = await journal(basin, "&operation=append");
    assert.deepEqual(appends.map((e) => [e.status, e.fault_rule]), [[503, rule.id], [200, null]]);
    for (const attempt of appends) {
      assert.equal(JSON.parse(attempt.body.text).records[0].body, "order-1", "each attempt sent the record");
      assert.equal(attempt.stream, "orders");
    }
    // The failed attempt wrote nothing: the record is there once.
    const batch = await s2.basin(basin).stream("orders").read({ start: { from: { seqNum: 0 } } });
    assert.deepEqual(batch.records.map((r) => r.body), ["order-1"]);
    const { rules } = await admin("GET", "/faults");
    assert.ok(!rules.some((r) => r.id === rule.id), "a once-only rule is used up");
  });

  for (const transport of ["s2s", "fetch"]) {
    it(`reconnects a read session the server dropped (${transport} transport), missing nothing`, async (t) => {
      if (!emulator) return t.skip("the endpoint has no /_emulator admin API (not the s2lite emulator)");
      const basin = await freshBasin(`fault-drop-${transport}`);
      await s2.basin(basin).streams.create({ stream: "events" });
      const writer = s2.basin(basin).stream("events", { forceTransport: "fetch" });
      await writer.append(strings(["a", "b", "c"]));
      // One message (the catch-up batch) gets through, then the session is cut.
      const rule = await admin("POST", "/faults", {
        operation: "read_session", basin, action: { drop_session: { after_messages: 1 } }, times: 1,
      });
      const reader = s2.basin(basin).stream("events", transport === "fetch" ? { forceTransport: "fetch" } : {});
      let session;
      try {
        session = await within(reader.readSession({ start: { from: { seqNum: 0 } } }), STEP_MS, "open read session");
        const first = await take(session, 3);
        await writer.append(strings(["d", "e"]));
        const rest = await take(session, 2);

        assert.deepEqual([...first, ...rest].map((r) => [r.seqNum, r.body]),
          [[0, "a"], [1, "b"], [2, "c"], [3, "d"], [4, "e"]]);
        const sessions = await journal(basin, "&operation=read_session");
        assert.equal(sessions.length, 2, `one dropped session and one reconnect: ${JSON.stringify(sessions.map((e) => e.path))}`);
        assert.equal(sessions[0].fault_rule, rule.id);
        assert.equal(sessions[1].fault_rule, null);
        assert.match(sessions[0].path, /seq_num=0(&|$)/);
        assert.match(sessions[1].path, /seq_num=3(&|$)/, "the SDK resumed after the last record it got");
      } finally {
        if (session) await within(session.cancel("test done").catch(() => {}), STEP_MS, "cancel");
        await reader.close?.();
        await writer.close?.();
      }
    });
  }
});
