// Metrics: s2-lite's Prometheus endpoint (GET /metrics) scraped and parsed by a Prometheus
// text-format parser, and (where the server has it; s2-lite answers 501) the metrics API through
// the official TypeScript SDK, with figures from this file's own basin.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import { basinName, client, deleteBasins } from "../support/s2.mjs";

const LITE_HISTOGRAMS = {
  s2_append_batch_records: ["1", "10", "50", "100", "250", "500", "1000", "+Inf"],
  s2_append_batch_bytes: ["512", "1024", "4096", "16384", "65536", "262144", "524288", "1048576", "+Inf"],
  s2_append_permit_latency_seconds: ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"],
  s2_append_ack_latency_seconds: ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"],
};
const PROCESS_FAMILIES = {
  process_cpu_seconds_total: "COUNTER",
  process_max_fds: "GAUGE",
  process_open_fds: "GAUGE",
  process_resident_memory_bytes: "GAUGE",
  process_start_time_seconds: "GAUGE",
  process_threads: "GAUGE",
  process_virtual_memory_bytes: "GAUGE",
};

async function scrape() {
  const response = await fetch(new URL("/metrics", process.env.S2_ACCOUNT_ENDPOINT));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4");
  const families = parsePrometheusTextFormat(await response.text());
  return Object.fromEntries(families.map((f) => [f.name, f]));
}

/** A histogram's `le` bounds as numbers (the format allows "1" and "1.0" alike), "+Inf" kept. */
function bounds(family) {
  return Object.keys(family.metrics[0].buckets).map((le) => (le === "+Inf" ? le : String(Number(le))));
}

describe("metrics", { timeout: 60_000 }, () => {
  const s2 = client();
  const name = basinName("metrics");

  before(async () => {
    await s2.basins.create({ basin: name });
    await s2.basin(name).streams.create({ stream: "counted" });
  });

  after(async () => {
    await deleteBasins(s2, [name]);
  });

  it("GET /metrics has s2-lite's families, names, types and buckets", async () => {
    const stream = s2.basin(name).stream("counted", { forceTransport: "fetch" });
    await stream.append(AppendInput.create([AppendRecord.string({ body: "a" }), AppendRecord.string({ body: "b" })]));
    await stream.close();

    const families = await scrape();
    for (const [family, type] of Object.entries(PROCESS_FAMILIES)) {
      assert.equal(families[family]?.type, type, family);
    }
    for (const [family, le] of Object.entries(LITE_HISTOGRAMS)) {
      assert.equal(families[family]?.type, "HISTOGRAM", family);
      assert.deepEqual(bounds(families[family]), le.map((b) => (b === "+Inf" ? b : String(Number(b)))), family);
    }
    const records = families.s2_append_batch_records.metrics[0];
    assert.ok(Number(records.count) >= 1);
    assert.ok(Number(records.sum) >= 2);
    assert.equal(families.s2_append_batch_records.help, "Append batch size in number of records");
  });

  it("the metrics API reports this basin's appends, reads and storage", async (t) => {
    const stream = s2.basin(name).stream("counted", { forceTransport: "fetch" });
    const start = new Date(Date.now() - 3600_000);
    let probe;
    try {
      probe = await s2.metrics.basin({ basin: name, set: "append-throughput", start, end: new Date() });
    } catch (e) {
      if (e.status === 501) return t.skip("the server has no metrics API (s2-lite answers 501)");
      throw e;
    }
    const before = probe.values.reduce((sum, m) => sum + m.accumulation.values.reduce((s, [, v]) => s + v, 0), 0);
    await stream.append(AppendInput.create([AppendRecord.string({ body: "x".repeat(92) })])); // 8 + 92 bytes
    await stream.close();

    const after = await s2.metrics.basin({ basin: name, set: "append-throughput", start, end: new Date() });
    assert.deepEqual(after.values.map((m) => [m.accumulation.name, m.accumulation.unit]), [["standard", "bytes"], ["express", "bytes"]]);
    const total = after.values.reduce((sum, m) => sum + m.accumulation.values.reduce((s, [, v]) => s + v, 0), 0);
    assert.equal(total - before, 100);

    const storage = await s2.metrics.stream({ basin: name, stream: "counted", set: "storage", start: new Date(Date.now() - 60_000), end: new Date() });
    const gauge = storage.values[0].gauge;
    assert.equal(gauge.unit, "bytes");
    assert.equal(gauge.values.at(-1)[1], 2 * 9 + 100);
    assert.ok(gauge.values.at(-1)[0] instanceof Date);

    const active = await s2.metrics.account({ set: "active-basins", start, end: new Date() });
    assert.ok(active.values[0].label.values.includes(name));
  });
});
