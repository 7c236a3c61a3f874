// Shared setup for the interop suites: an SDK client configured the way the SDK documents it
// (S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT, S2_ACCESS_TOKEN), unique names, error assertions.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { S2, S2Environment, S2Error } from "@s2-dev/streamstore";

const REQUIRED_ENV = ["S2_ACCOUNT_ENDPOINT", "S2_BASIN_ENDPOINT", "S2_ACCESS_TOKEN"];

/**
 * A client for the endpoint under test; fails fast when the environment does not name one.
 * `options` adds SDK client options (e.g. `compression`).
 */
export function client(options = {}) {
  const missing = REQUIRED_ENV.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`set ${missing.join(", ")} (e.g. http://localhost:8080 and "ignored" for s2-lite)`);
  }
  return new S2({
    ...S2Environment.parse(),
    accessToken: process.env.S2_ACCESS_TOKEN,
    // One attempt: a retried 5xx or dropped connection would hide an incompatibility.
    retry: { maxAttempts: 1 },
    ...options,
  });
}

/** A basin name unique to this run (8-48 chars, lowercase letters, digits, hyphens). */
export function basinName(label) {
  return `ts-${RUN_ID}-${label}`;
}

// Random per process, so reruns against a long-lived server (s2-lite) never collide.
const RUN_ID = randomBytes(4).toString("hex");

/** Awaits `promise`, asserts it fails with the server's S2Error of this status and code, returns it. */
export async function rejectsWithS2Error(promise, { status, code }) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${status} ${code}, got success: ${JSON.stringify(value)}`),
    (e) => e,
  );
  assert.ok(error instanceof S2Error, `expected an S2Error, got ${error?.stack ?? error}`);
  assert.deepEqual(
    { status: error.status, code: error.code, origin: error.origin },
    { status, code, origin: "server" },
    `unexpected error: ${error.message}`,
  );
  return error;
}

/** Collects an async iterable into an array. */
export async function collect(iterable) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

/** Best-effort removal of basins a suite created; a basin already gone is fine. */
export async function deleteBasins(s2, names) {
  await Promise.all(names.map((basin) => s2.basins.delete({ basin }).catch((e) => {
    if (!(e instanceof S2Error && e.status === 404)) throw e;
  })));
}
