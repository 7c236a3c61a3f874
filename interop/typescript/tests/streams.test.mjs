// Streams through the official TypeScript SDK: create, list, get config, ensure, reconfigure, delete.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { basinName, client, collect, deleteBasins, rejectsWithS2Error } from "../support/s2.mjs";

/** What a stream resolves to when neither it nor its basin sets anything. */
const DEFAULT_STREAM_CONFIG = {
  storageClass: "express",
  retentionPolicy: { ageSecs: 604800 },
  timestamping: { mode: "client-prefer", uncapped: false },
  deleteOnEmpty: { minAgeSecs: 0 },
};

// The SDK percent-encodes path segments: these must reach the server as one name, decoded.
const AWKWARD_NAMES = ["orders/2026/eu-west", "a b+c?d=e#f%20g/é/☃", "./..", "trailing/"];

describe("streams", { timeout: 60_000 }, () => {
  const s2 = client();
  const basins = [basinName("streams"), basinName("streams-defaults")];
  const [plain, withDefaults] = basins;
  const basin = s2.basin(plain);

  before(async () => {
    await s2.basins.create({ basin: plain });
    await s2.basins.create({
      basin: withDefaults,
      config: { defaultStreamConfig: { storageClass: "standard", retentionPolicy: { infinite: {} } } },
    });
  });

  after(() => deleteBasins(s2, basins));

  it("create returns the stream info", async () => {
    const info = await basin.streams.create({ stream: "create" });

    assert.equal(info.name, "create");
    assert.ok(info.createdAt instanceof Date && !Number.isNaN(info.createdAt.getTime()), `createdAt: ${info.createdAt}`);
    assert.equal(info.deletedAt, null);
    assert.equal(info.cipher, null);
  });

  it("creating an existing stream fails with 409 resource_already_exists", async () => {
    await basin.streams.create({ stream: "create-twice" });

    await rejectsWithS2Error(basin.streams.create({ stream: "create-twice" }), { status: 409, code: "resource_already_exists" });
  });

  it("creating a stream in a missing basin fails with 404 basin_not_found", async () => {
    const missing = s2.basin(basinName("no-such-basin"));

    await rejectsWithS2Error(missing.streams.create({ stream: "s" }), { status: 404, code: "basin_not_found" });
  });

  describe("list", () => {
    const names = ["page/a", "page/b", "page/c"];

    before(async () => {
      // "pagex" shares the first letters but not the prefix "page/".
      for (const stream of [...names, "pagex"]) {
        await basin.streams.create({ stream });
      }
    });

    it("filters by prefix", async () => {
      const page = await basin.streams.list({ prefix: "page/" });

      assert.deepEqual(page.streams.map((s) => s.name), names);
      assert.equal(page.hasMore, false);
    });

    it("pages with limit and startAfter, reporting hasMore", async () => {
      const first = await basin.streams.list({ prefix: "page/", limit: 2 });
      assert.deepEqual(first.streams.map((s) => s.name), names.slice(0, 2));
      assert.equal(first.hasMore, true);

      const second = await basin.streams.list({ prefix: "page/", limit: 2, startAfter: first.streams.at(-1).name });
      assert.deepEqual(second.streams.map((s) => s.name), names.slice(2));
      assert.equal(second.hasMore, false);
    });

    it("listAll follows the pages to the end", async () => {
      const all = await collect(basin.streams.listAll({ prefix: "page/", limit: 1 }));

      assert.deepEqual(all.map((s) => s.name), names);
    });

    it("reads a listing large enough to come back compressed", async () => {
      // Over 1 KiB of JSON: servers gzip it for fetch's "Accept-Encoding: gzip, deflate".
      const large = Array.from({ length: 20 }, (_, i) => `large/${"x".repeat(60)}-${String(i).padStart(2, "0")}`);
      for (const stream of large) {
        await basin.streams.create({ stream });
      }

      const page = await basin.streams.list({ prefix: "large/" });

      assert.deepEqual(page.streams.map((s) => s.name), large);
    });

    it("listing streams of a basin that does not exist fails with 404 basin_not_found", async () => {
      // s2-lite 0.43 answers 404 here (REFERENCE, written from 0.42, says an empty list).
      await rejectsWithS2Error(s2.basin(basinName("no-such-basin")).streams.list(), { status: 404, code: "basin_not_found" });
    });
  });

  it("names with slashes and reserved characters round-trip through every operation", async () => {
    for (const stream of AWKWARD_NAMES) {
      assert.equal((await basin.streams.create({ stream })).name, stream);
      const listed = await basin.streams.list({ prefix: stream });
      assert.deepEqual(listed.streams.map((s) => s.name), [stream]);
      assert.deepEqual(await basin.streams.getConfig({ stream }), DEFAULT_STREAM_CONFIG);
      assert.equal((await basin.streams.ensure({ stream })).result, "noop");
      const reconfigured = await basin.streams.reconfigure({ stream, storageClass: "standard" });
      assert.equal(reconfigured.storageClass, "standard");
      await basin.streams.delete({ stream });
    }
  });

  it("getConfig resolves every field from the system defaults", async () => {
    await basin.streams.create({ stream: "config-default" });

    assert.deepEqual(await basin.streams.getConfig({ stream: "config-default" }), DEFAULT_STREAM_CONFIG);
  });

  it("getConfig resolves fields from the stream, then the basin defaults, then the system defaults", async () => {
    const streams = s2.basin(withDefaults).streams;
    await streams.create({ stream: "inherits", config: { timestamping: { mode: "arrival" }, storageClass: "express" } });

    assert.deepEqual(await streams.getConfig({ stream: "inherits" }), {
      storageClass: "express",
      retentionPolicy: { infinite: {} },
      timestamping: { mode: "arrival", uncapped: false },
      deleteOnEmpty: { minAgeSecs: 0 },
    });
  });

  it("getConfig of a missing stream fails with 404 stream_not_found", async () => {
    await rejectsWithS2Error(basin.streams.getConfig({ stream: "missing" }), { status: 404, code: "stream_not_found" });
  });

  it("ensure reports created, then noop, then updated, replacing the whole config", async () => {
    const stream = "ensure";
    const config = { retentionPolicy: { ageSecs: 3600 }, deleteOnEmpty: { minAgeSecs: 60 } };

    const created = await basin.streams.ensure({ stream, config });
    assert.equal(created.result, "created");
    assert.equal(created.stream.name, stream);
    assert.deepEqual(await basin.streams.getConfig({ stream }), {
      ...DEFAULT_STREAM_CONFIG,
      retentionPolicy: { ageSecs: 3600 },
      deleteOnEmpty: { minAgeSecs: 60 },
    });

    const noop = await basin.streams.ensure({ stream, config });
    assert.equal(noop.result, "noop");
    assert.equal(noop.stream.createdAt.getTime(), created.stream.createdAt.getTime());

    const updated = await basin.streams.ensure({ stream, config: { storageClass: "standard" } });
    assert.equal(updated.result, "updated");
    assert.deepEqual(await basin.streams.getConfig({ stream }), { ...DEFAULT_STREAM_CONFIG, storageClass: "standard" });
  });

  it("reconfigure changes only the given fields and returns the resulting config", async () => {
    const stream = "reconfigure";
    await basin.streams.create({ stream, config: { storageClass: "standard" } });

    const reconfigured = await basin.streams.reconfigure({
      stream,
      retentionPolicy: { infinite: {} },
      timestamping: { uncapped: true },
    });

    const expected = {
      storageClass: "standard",
      retentionPolicy: { infinite: {} },
      timestamping: { mode: "client-prefer", uncapped: true },
      deleteOnEmpty: { minAgeSecs: 0 },
    };
    assert.deepEqual(reconfigured, expected);
    assert.deepEqual(await basin.streams.getConfig({ stream }), expected);
  });

  it("reconfigure with null reverts a field to the basin default", async () => {
    const streams = s2.basin(withDefaults).streams;
    await streams.create({ stream: "revert", config: { storageClass: "express", retentionPolicy: { ageSecs: 60 } } });

    const reconfigured = await streams.reconfigure({ stream: "revert", storageClass: null, retentionPolicy: null });

    assert.deepEqual(reconfigured, { ...DEFAULT_STREAM_CONFIG, storageClass: "standard", retentionPolicy: { infinite: {} } });
  });

  it("reconfigure of a missing stream fails with 404 stream_not_found", async () => {
    await rejectsWithS2Error(
      basin.streams.reconfigure({ stream: "missing", storageClass: "standard" }),
      { status: 404, code: "stream_not_found" },
    );
  });

  it("delete makes the stream unavailable and lists it as deleted or not at all", async () => {
    const stream = "delete";
    await basin.streams.create({ stream });

    await basin.streams.delete({ stream });

    // Deletion finishes in the background: the stream is either still being deleted or gone.
    const error = await basin.streams.getConfig({ stream }).then(
      (config) => assert.fail(`got the config of a deleted stream: ${JSON.stringify(config)}`),
      (e) => e,
    );
    assert.ok(
      (error.status === 409 && error.code === "stream_deletion_pending")
        || (error.status === 404 && error.code === "stream_not_found"),
      `unexpected error: ${error.status} ${error.code} ${error.message}`,
    );
    const page = await basin.streams.list({ prefix: stream });
    for (const info of page.streams) {
      assert.equal(info.name, stream);
      assert.ok(info.deletedAt instanceof Date, `deletedAt: ${info.deletedAt}`);
    }
    assert.deepEqual(await collect(basin.streams.listAll({ prefix: stream })), [], "listAll hides streams being deleted");
  });

  it("deleting a missing stream fails with 404 stream_not_found", async () => {
    await rejectsWithS2Error(basin.streams.delete({ stream: "never-created" }), { status: 404, code: "stream_not_found" });
  });
});
