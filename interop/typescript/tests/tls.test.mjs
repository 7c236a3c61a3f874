// The official TypeScript SDK over HTTPS against a server with a self-signed certificate
// (s2 lite --tls-self; s2lite-java --tls-self), trusted through NODE_EXTRA_CA_CERTS: the unary
// calls over fetch and the sessions over HTTP/2 negotiated by ALPN. Needs S2_TLS_ENDPOINT (an
// https:// URL) and NODE_EXTRA_CA_CERTS naming the server's certificate; skipped without them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AppendInput, AppendRecord, S2 } from "@s2-dev/streamstore";
import { basinName, deleteBasins } from "../support/s2.mjs";

const endpoint = process.env.S2_TLS_ENDPOINT;
const skip = endpoint?.startsWith("https://") && process.env.NODE_EXTRA_CA_CERTS ? false
  : "set S2_TLS_ENDPOINT (https://...) and NODE_EXTRA_CA_CERTS (the server's certificate)";

describe("TLS", { skip, timeout: 60_000 }, () => {
  const s2 = skip ? null : new S2({
    accessToken: process.env.S2_TLS_ACCESS_TOKEN ?? "ignored",
    endpoints: { account: endpoint, basin: endpoint },
    retry: { maxAttempts: 1 },
  });
  const name = basinName("tls");
  const handles = [];

  before(async () => {
    await s2.basins.create({ basin: name });
    await s2.basin(name).streams.create({ stream: "secure" });
  });

  after(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await deleteBasins(s2, [name]);
  });

  it("appends and reads over fetch (unary)", async () => {
    const stream = s2.basin(name).stream("secure", { forceTransport: "fetch" });
    handles.push(stream);
    const ack = await stream.append(AppendInput.create([AppendRecord.string({ body: "over tls" })]));
    assert.equal(ack.start.seqNum, 0);
    const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
    assert.deepEqual(records.map((r) => r.body), ["over tls"]);
  });

  it("runs append and read sessions over HTTP/2", async () => {
    const stream = s2.basin(name).stream("secure");
    handles.push(stream);
    const session = await stream.appendSession();
    const ack = await (await session.submit(AppendInput.create([AppendRecord.string({ body: "session 1" }),
      AppendRecord.string({ body: "session 2" })]))).ack();
    await session.close();
    assert.equal(ack.end.seqNum - ack.start.seqNum, 2);

    const read = await stream.readSession({ start: { from: { seqNum: ack.start.seqNum } }, stop: { limits: { count: 2 } } });
    const bodies = [];
    for await (const record of read) bodies.push(record.body);
    assert.deepEqual(bodies, ["session 1", "session 2"]);
  });
});
