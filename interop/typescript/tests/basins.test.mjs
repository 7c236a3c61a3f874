// Basins through the official TypeScript SDK: create, list, get config, ensure, reconfigure, delete.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { basinName, client, collect, deleteBasins, rejectsWithS2Error } from "../support/s2.mjs";

const DEFAULT_BASIN_CONFIG = {
  defaultStreamConfig: null,
  streamCipher: null,
  createStreamOnAppend: false,
  createStreamOnRead: false,
};

describe("basins", { timeout: 60_000 }, () => {
  const s2 = client();
  const created = [];

  /** A basin name unique to the run, remembered for cleanup. */
  function name(label) {
    const basin = basinName(label);
    created.push(basin);
    return basin;
  }

  after(() => deleteBasins(s2, created));

  it("create returns the basin info", async () => {
    const basin = name("create");

    const info = await s2.basins.create({ basin });

    assert.equal(info.name, basin);
    assert.ok(info.createdAt instanceof Date && !Number.isNaN(info.createdAt.getTime()), `createdAt: ${info.createdAt}`);
    assert.equal(info.deletedAt, null);
  });

  it("creating an existing basin fails with 409 resource_already_exists", async () => {
    const basin = name("create-twice");
    await s2.basins.create({ basin });

    await rejectsWithS2Error(s2.basins.create({ basin }), { status: 409, code: "resource_already_exists" });
  });

  describe("list", () => {
    let prefix;
    let names;

    before(async () => {
      prefix = basinName("page-");
      names = [name("page-a"), name("page-b"), name("page-c")];
      for (const basin of names) {
        await s2.basins.create({ basin });
      }
    });

    it("filters by prefix", async () => {
      const page = await s2.basins.list({ prefix });

      assert.deepEqual(page.basins.map((b) => b.name), names);
      assert.equal(page.hasMore, false);
    });

    it("pages with limit and startAfter, reporting hasMore", async () => {
      const first = await s2.basins.list({ prefix, limit: 2 });
      assert.deepEqual(first.basins.map((b) => b.name), names.slice(0, 2));
      assert.equal(first.hasMore, true);

      const second = await s2.basins.list({ prefix, limit: 2, startAfter: first.basins.at(-1).name });
      assert.deepEqual(second.basins.map((b) => b.name), names.slice(2));
      assert.equal(second.hasMore, false);
    });

    it("a page of exactly the remaining basins has no more", async () => {
      const page = await s2.basins.list({ prefix, limit: 3 });

      assert.equal(page.basins.length, 3);
      assert.equal(page.hasMore, false);
    });

    it("listAll follows the pages to the end", async () => {
      const all = await collect(s2.basins.listAll({ prefix, limit: 1 }));

      assert.deepEqual(all.map((b) => b.name), names);
    });
  });

  it("getConfig returns the defaults of a basin created without config", async () => {
    const basin = name("config-default");
    await s2.basins.create({ basin });

    assert.deepEqual(await s2.basins.getConfig({ basin }), DEFAULT_BASIN_CONFIG);
  });

  it("getConfig returns the config the basin was created with", async () => {
    const basin = name("config-given");
    await s2.basins.create({
      basin,
      config: {
        defaultStreamConfig: { storageClass: "standard", retentionPolicy: { ageSecs: 3600 } },
        createStreamOnAppend: true,
      },
    });

    assert.deepEqual(await s2.basins.getConfig({ basin }), {
      defaultStreamConfig: {
        storageClass: "standard",
        retentionPolicy: { ageSecs: 3600 },
        timestamping: null,
        deleteOnEmpty: null,
      },
      streamCipher: null,
      createStreamOnAppend: true,
      createStreamOnRead: false,
    });
  });

  it("getConfig of a missing basin fails with 404 basin_not_found", async () => {
    await rejectsWithS2Error(s2.basins.getConfig({ basin: basinName("missing") }), { status: 404, code: "basin_not_found" });
  });

  it("ensure reports created, then noop, then updated, replacing the whole config", async () => {
    const basin = name("ensure");
    const config = { createStreamOnRead: true, defaultStreamConfig: { storageClass: "standard" } };

    const createdResult = await s2.basins.ensure({ basin, config });
    assert.equal(createdResult.result, "created");
    assert.equal(createdResult.basin.name, basin);

    const noop = await s2.basins.ensure({ basin, config });
    assert.equal(noop.result, "noop");
    assert.equal(noop.basin.createdAt.getTime(), createdResult.basin.createdAt.getTime());

    const updated = await s2.basins.ensure({ basin, config: { createStreamOnAppend: true } });
    assert.equal(updated.result, "updated");
    assert.deepEqual(await s2.basins.getConfig({ basin }), { ...DEFAULT_BASIN_CONFIG, createStreamOnAppend: true });
  });

  it("ensure without config resets an existing basin to the defaults", async () => {
    const basin = name("ensure-reset");
    await s2.basins.create({ basin, config: { createStreamOnAppend: true } });

    assert.equal((await s2.basins.ensure({ basin })).result, "updated");
    assert.deepEqual(await s2.basins.getConfig({ basin }), DEFAULT_BASIN_CONFIG);
    assert.equal((await s2.basins.ensure({ basin })).result, "noop");
  });

  it("reconfigure changes only the given fields and returns the resulting config", async () => {
    const basin = name("reconfigure");
    await s2.basins.create({ basin, config: { createStreamOnAppend: true } });

    const reconfigured = await s2.basins.reconfigure({
      basin,
      createStreamOnRead: true,
      defaultStreamConfig: { retentionPolicy: { infinite: {} }, timestamping: { mode: "arrival" } },
    });

    const expected = {
      defaultStreamConfig: {
        storageClass: null,
        retentionPolicy: { infinite: {} },
        timestamping: { mode: "arrival", uncapped: null },
        deleteOnEmpty: null,
      },
      streamCipher: null,
      createStreamOnAppend: true,
      createStreamOnRead: true,
    };
    assert.deepEqual(reconfigured, expected);
    assert.deepEqual(await s2.basins.getConfig({ basin }), expected);
  });

  it("reconfigure with a null default stream config clears the basin defaults", async () => {
    const basin = name("reconfigure-null");
    await s2.basins.create({ basin, config: { defaultStreamConfig: { storageClass: "standard" } } });

    const reconfigured = await s2.basins.reconfigure({ basin, defaultStreamConfig: null });

    assert.deepEqual(reconfigured, DEFAULT_BASIN_CONFIG);
  });

  it("delete removes the basin from listings and blocks new streams in it", async () => {
    const basin = name("delete");
    await s2.basins.create({ basin });

    await s2.basins.delete({ basin });

    // Deletion finishes in the background: list shows the basin with deletedAt set, or not at all.
    const page = await s2.basins.list({ prefix: basin });
    for (const info of page.basins) {
      assert.equal(info.name, basin);
      assert.ok(info.deletedAt instanceof Date, `deletedAt: ${info.deletedAt}`);
    }
    assert.deepEqual(await collect(s2.basins.listAll({ prefix: basin })), [], "listAll hides basins being deleted");
    const error = await s2.basin(basin).streams.create({ stream: "after-delete" }).then(
      () => assert.fail("created a stream in a deleted basin"),
      (e) => e,
    );
    assert.ok(
      (error.status === 409 && error.code === "basin_deletion_pending")
        || (error.status === 404 && error.code === "basin_not_found"),
      `unexpected error: ${error.status} ${error.code} ${error.message}`,
    );
  });

  it("deleting a missing basin fails with 404 basin_not_found", async () => {
    await rejectsWithS2Error(s2.basins.delete({ basin: basinName("never-created") }), { status: 404, code: "basin_not_found" });
  });
});
