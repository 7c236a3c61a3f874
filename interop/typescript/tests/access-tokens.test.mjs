// Access tokens through the official TypeScript SDK against a server that checks them (the S2
// cloud; s2lite-java with --auth): issue, list and revoke with the root token, and clients built
// on scoped tokens refused where their scope says. Needs S2_AUTH_ENDPOINT and S2_AUTH_ROOT_TOKEN
// (s2-lite has no access tokens: it answers 501, so the suite is skipped without them).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AppendInput, AppendRecord, S2 } from "@s2-dev/streamstore";
import { basinName, collect, deleteBasins, rejectsWithS2Error } from "../support/s2.mjs";

const endpoint = process.env.S2_AUTH_ENDPOINT;
const rootToken = process.env.S2_AUTH_ROOT_TOKEN;
const skip = endpoint && rootToken ? false : "set S2_AUTH_ENDPOINT and S2_AUTH_ROOT_TOKEN (a server that enforces access tokens)";

function sdk(accessToken) {
  return new S2({ accessToken, endpoints: { account: endpoint, basin: endpoint }, retry: { maxAttempts: 1 } });
}

describe("access tokens", { skip, timeout: 60_000 }, () => {
  const root = skip ? null : sdk(rootToken);
  const mine = basinName("tokens-mine");
  const other = basinName("tokens-other");
  const prefix = `${mine}-`;
  const issued = [];

  async function issue(id, scope, extra = {}) {
    const { accessToken } = await root.accessTokens.issue({ id: `${prefix}${id}`, scope, ...extra });
    issued.push(`${prefix}${id}`);
    return accessToken;
  }

  before(async () => {
    await root.basins.create({ basin: mine });
    await root.basins.create({ basin: other });
    await root.basin(mine).streams.create({ stream: "events" });
    await root.basin(other).streams.create({ stream: "events" });
  });

  after(async () => {
    await Promise.all(issued.map((id) => root.accessTokens.revoke({ id }).catch(() => {})));
    await deleteBasins(root, [mine, other]);
  });

  it("issues, lists by prefix with pages, and revokes tokens", async () => {
    const token = await issue("lister", { basins: { prefix: "" }, opGroups: { account: { read: true } } },
      { expiresAt: new Date("2099-01-02T03:04:05Z") });
    assert.equal(typeof token, "string");
    assert.ok(token.length > 0);
    await issue("second", { ops: ["list-basins"] });

    const page = await root.accessTokens.list({ prefix, limit: 1 });
    assert.equal(page.hasMore, true);
    assert.deepEqual(page.accessTokens.map((t) => t.id), [`${prefix}lister`]);
    const info = page.accessTokens[0];
    assert.equal(info.expiresAt.toISOString(), "2099-01-02T03:04:05.000Z");
    assert.equal(info.autoPrefixStreams, false);
    assert.deepEqual(info.scope.basins, { prefix: "" });
    assert.deepEqual(info.scope.opGroups.account, { read: true, write: false });

    const all = await collect(root.accessTokens.listAll({ prefix }));
    assert.deepEqual(all.map((t) => t.id), [`${prefix}lister`, `${prefix}second`]);

    await root.accessTokens.revoke({ id: `${prefix}second` });
    const left = await root.accessTokens.list({ prefix });
    assert.deepEqual(left.accessTokens.map((t) => t.id), [`${prefix}lister`]);
    await rejectsWithS2Error(root.accessTokens.revoke({ id: `${prefix}second` }), { status: 404, code: "access_token_not_found" });
  });

  it("refuses a token id in use and a scope that grants nothing", async () => {
    await issue("dup", { ops: ["list-basins"] });
    await rejectsWithS2Error(root.accessTokens.issue({ id: `${prefix}dup`, scope: { ops: ["read"] } }),
      { status: 409, code: "resource_already_exists" });
    await rejectsWithS2Error(root.accessTokens.issue({ id: `${prefix}nothing`, scope: {} }),
      { status: 422, code: "invalid" });
  });

  it("a client on a read-only token reads its basin and is refused writes and other basins", async () => {
    await root.basin(mine).stream("events").append(AppendInput.create([AppendRecord.string({ body: "seeded" })]));
    const token = await issue("reader", {
      basins: { exact: mine },
      streams: { prefix: "" },
      opGroups: { stream: { read: true } },
    });
    const reader = sdk(token);
    const stream = reader.basin(mine).stream("events", { forceTransport: "fetch" });

    const { records } = await stream.read({ start: { from: { seqNum: 0 } } });
    assert.deepEqual(records.map((r) => r.body), ["seeded"]);
    await rejectsWithS2Error(stream.append(AppendInput.create([AppendRecord.string({ body: "nope" })])),
      { status: 403, code: "permission_denied" });
    await rejectsWithS2Error(reader.basin(other).stream("events", { forceTransport: "fetch" }).read({ start: { from: { seqNum: 0 } } }),
      { status: 403, code: "permission_denied" });
    await rejectsWithS2Error(reader.basins.list(), { status: 403, code: "permission_denied" });
    await stream.close();
  });

  it("an append session on a scoped token writes where the scope allows and is refused elsewhere", async () => {
    const token = await issue("writer", { basins: { exact: mine }, streams: { exact: "events" }, ops: ["append", "read"] });
    const writer = sdk(token);
    const stream = writer.basin(mine).stream("events");
    const session = await stream.appendSession();
    const ack = await (await session.submit(AppendInput.create([AppendRecord.string({ body: "by session" })]))).ack();
    await session.close();
    assert.ok(ack.end.seqNum > ack.start.seqNum);

    const elsewhere = writer.basin(mine).stream("not-in-scope", { forceTransport: "fetch" });
    await rejectsWithS2Error(elsewhere.append(AppendInput.create([AppendRecord.string({ body: "x" })])),
      { status: 403, code: "permission_denied" });
    await stream.close();
    await elsewhere.close();
  });

  it("a revoked token's client is refused at once, and a client without a token is 401", async () => {
    const token = await issue("revoked", { basins: { prefix: "" }, ops: ["list-basins"] });
    const client = sdk(token);
    await client.basins.list();
    await root.accessTokens.revoke({ id: `${prefix}revoked` });
    await rejectsWithS2Error(client.basins.list(), { status: 403, code: "permission_denied" });
    await rejectsWithS2Error(sdk("").basins.list(), { status: 401, code: "authn" });
  });

  it("an auto-prefixing token sees its own namespace of streams", async () => {
    const token = await issue("tenant", { basins: { exact: mine }, streams: { prefix: "tenant/" },
      opGroups: { basin: { read: true, write: true }, stream: { read: true, write: true } } }, { autoPrefixStreams: true });
    const tenant = sdk(token).basin(mine);
    const created = await tenant.streams.create({ stream: "orders" });
    assert.equal(created.name, "orders");
    assert.deepEqual((await tenant.streams.list()).streams.map((s) => s.name), ["orders"]);
    assert.ok((await root.basin(mine).streams.list({ prefix: "tenant/" })).streams.some((s) => s.name === "tenant/orders"));
  });
});
