import { randomBytes } from "node:crypto";
import http2 from "node:http2";
import { AppendInput, AppendRecord, BatchTransform, Producer } from "@s2-dev/streamstore";
import { client } from "./support/s2.mjs";
const s2 = client();
const b = "ts-repro-" + randomBytes(3).toString("hex");
await s2.basins.create({ basin: b });
const basin = s2.basin(b);
await basin.streams.create({ stream: "f" });
await basin.streams.create({ stream: "p" });
const handles = [];
const sessions = [];
for (let i = 0; i < 120; i++) { const h = basin.stream("f"); handles.push(h); sessions.push(await h.readSession({ start: { from: { seqNum: 0 } } })); }
await basin.stream("f", { forceTransport: "fetch" }).append(AppendInput.create([AppendRecord.string({ body: "x" })]));
await Promise.all(sessions.map(async (s) => { const r = s.getReader(); await r.read(); r.releaseLock(); }));
await Promise.all(sessions.map((s) => s.cancel("done")));
const ph = basin.stream("p");
const as = await ph.appendSession();
const producer = new Producer(new BatchTransform({ lingerDurationMillis: 5, maxBatchRecords: 200 }), as);
try {
  const tickets = [];
  for (let i = 0; i < 2500; i++) tickets.push(await producer.submit(AppendRecord.string({ body: `record-${i}` })));
  await Promise.all(tickets.map((t) => t.ack()));
  await producer.close();
  console.log("OK");
} catch (e) { console.log("FAIL", e.message); }
for (const h of [...handles, ph]) await h.close();
await s2.basins.delete({ basin: b });
