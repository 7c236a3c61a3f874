package dev.s2lite.emulator.http;

import io.javalin.http.Context;

/**
 * Lite's "very permissive" CORS: the origin is echoed, credentials allowed, and a preflight's
 * requested method and headers are echoed back as allowed.
 */
final class Cors {

  private Cors() {}

  static void addHeaders(Context ctx) {
    // As lite's layer: credentials and Vary on every response, the origin echoed when sent.
    ctx.header("access-control-allow-credentials", "true");
    ctx.res().addHeader("vary", "origin, access-control-request-method, access-control-request-headers");
    String origin = ctx.header("origin");
    if (origin != null) {
      ctx.header("access-control-allow-origin", origin);
    }
  }

  static boolean isPreflight(Context ctx) {
    return ctx.method().name().equals("OPTIONS")
        && ctx.header("origin") != null
        && ctx.header("access-control-request-method") != null;
  }

  static void answerPreflight(Context ctx) {
    ctx.header("access-control-allow-methods", ctx.header("access-control-request-method"));
    String headers = ctx.header("access-control-request-headers");
    if (headers != null) {
      ctx.header("access-control-allow-headers", headers);
    }
    ctx.status(200);
    ctx.result(new byte[0]);
  }
}
