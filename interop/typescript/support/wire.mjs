// What the SDK put on the wire: wraps globalThis.fetch (which the SDK's unary calls go through)
// to record each exchange's method, path, query, content types and status.

/** One request/response as the server saw it. */
function exchange(request, response) {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    requestType: request.headers.get("content-type"),
    accept: request.headers.get("accept"),
    streamConfig: request.headers.get("s2-stream-config"),
    encryptionKey: request.headers.get("s2-encryption-key"),
    status: response.status,
    responseType: response.headers.get("content-type"),
  };
}

/**
 * Starts recording; `take()` returns (and forgets) the exchanges recorded since the last call,
 * `stop()` restores the original fetch.
 */
export function recordWire() {
  const original = globalThis.fetch;
  let exchanges = [];
  globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await original(request);
    exchanges.push(exchange(request, response));
    return response;
  };
  return {
    take() {
      const taken = exchanges;
      exchanges = [];
      return taken;
    },
    stop() {
      globalThis.fetch = original;
    },
  };
}
