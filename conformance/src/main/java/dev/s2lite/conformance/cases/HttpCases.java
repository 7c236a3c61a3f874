package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.github.luben.zstd.Zstd;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** REFERENCE 2-3: routing, errors, content negotiation, compression, CORS, health. */
public final class HttpCases {

  private HttpCases() {}

  static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  public static void register(Suite s) {
    String a = "http";

    s.add(a, "unknown-route-is-404-empty", "an unknown path is 404 with an empty body", c ->
        c.account("GET", "/v1/nothing-here").send().status(404).emptyBody());

    s.add(a, "wrong-method-is-405-empty", "a known path with another method is 405 with an empty body", Suite.SELF_HOSTED, c ->
        c.account("PATCH", "/v1/basins").send().status(405).emptyBody());

    s.add(a, "trailing-slash-is-404", "/v1/basins/ (trailing slash) is not /v1/basins", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/basins/").send().status(404));

    s.add(a, "health-is-ok", "GET /health answers 200 OK", Suite.SELF_HOSTED, c ->
        equal(c.account("GET", "/health").send().status(200).text(), "OK", "body"));

    s.add(a, "ping-is-ok", "GET /ping answers 200 OK", Suite.SELF_HOSTED, c ->
        equal(c.account("GET", "/ping").send().status(200).text(), "OK", "body"));

    s.add(a, "errors-are-json", "error responses carry Content-Type application/json", c ->
        c.account("GET", "/v1/basins/" + c.basinName()).send().error(404, "basin_not_found")
            .header("content-type", "application/json"));

    s.add(a, "authorization-is-ignored", "any bearer token works on a self-hosted server", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/basins?prefix=" + c.basinName()).header("authorization", "Bearer whatever").send().status(200));

    s.add(a, "gzip-request-body", "a gzip Content-Encoding request body is decompressed", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").header("content-type", "application/json").header("content-encoding", "gzip")
          .body(gzip("{\"basin\": \"" + b + "\"}")).send().status(201);
    });

    s.add(a, "zstd-request-body", "a zstd Content-Encoding request body is decompressed", c -> {
      String st = c.newStream();
      c.records(c.basin(), st, "POST", "").header("content-type", "application/json").header("content-encoding", "zstd")
          .body(Zstd.compress("{\"records\": [{\"body\": \"z\"}]}".getBytes(StandardCharsets.UTF_8))).send().status(200);
      c.read(c.basin(), st, "?seq_num=0").bodies("z");
    });

    s.add(a, "unsupported-content-encoding-is-415", "Content-Encoding br is 415 with an empty body", Suite.SELF_HOSTED, c ->
        c.account("POST", "/v1/basins").header("content-type", "application/json").header("content-encoding", "br")
            .body("xx").send().status(415).emptyBody());

    s.add(a, "large-response-gzip", "a JSON response of 1 KiB or more is gzip-compressed with Accept-Encoding gzip", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "x".repeat(4000));
      Res r = c.records(c.basin(), st, "GET", "?seq_num=0").header("accept-encoding", "gzip").send().status(200)
          .header("content-encoding", "gzip");
      String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
      check(body.contains("xxxx"), "the decompressed body holds the record");
    });

    s.add(a, "large-response-zstd", "a JSON response of 1 KiB or more is zstd-compressed with Accept-Encoding zstd", Suite.SELF_HOSTED, c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "x".repeat(4000));
      c.records(c.basin(), st, "GET", "?seq_num=0").header("accept-encoding", "zstd").send().status(200)
          .header("content-encoding", "zstd");
    });

    s.add(a, "small-response-not-compressed", "a response under 1 KiB is not compressed", Suite.SELF_HOSTED, c ->
        c.tail(c.basin(), c.newStream()).status(200).noHeader("content-encoding"));

    s.add(a, "cors-echoes-origin", "a request with Origin gets it back in Access-Control-Allow-Origin, with credentials", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/basins?prefix=" + c.basinName()).header("origin", "http://example.test").send().status(200)
            .header("access-control-allow-origin", "http://example.test")
            .header("access-control-allow-credentials", "true"));

    s.add(a, "cors-preflight", "an OPTIONS preflight is answered with the method allowed", Suite.SELF_HOSTED, c -> {
      Res r = c.account("OPTIONS", "/v1/basins").header("origin", "http://example.test")
          .header("access-control-request-method", "POST").header("access-control-request-headers", "content-type").send();
      check(r.status() == 200 || r.status() == 204, "preflight status 200 or 204, got " + r.status());
      check(r.header("access-control-allow-methods") != null && r.header("access-control-allow-methods").contains("POST"),
          "allow-methods contains POST: " + r.header("access-control-allow-methods"));
    });

    s.add(a, "stream-path-percent-encoding", "a stream name with spaces and unicode is addressed percent-encoded", c -> {
      String name = "with space é " + c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").jsonExact("{\"stream\": \"" + name + "\"}").send().status(201);
      c.stream(c.basin(), name, "GET", "").send().status(200);
    });

    s.add(a, "stream-path-nul-is-400", "a stream path holding %00 is 400 bad_path (s2-lite 0.43)", c ->
        c.in(c.basin(), "GET", "/v1/streams/a%00b").send().error(400, "bad_path"));

    s.add(a, "basin-path-invalid-is-400", "an invalid basin in the path of DELETE is 400 bad_path", c ->
        c.account("DELETE", "/v1/basins/ab").send().error(400, "bad_path"));

    s.add(a, "spec-is-served", "the emulator serves its OpenAPI description at /_emulator/openapi.yaml", Suite.EMULATOR_ONLY, c -> {
      Res r = c.account("GET", "/_emulator/openapi.yaml").send().status(200).header("content-type", "application/yaml");
      check(r.text().startsWith("openapi: 3.1"), "an OpenAPI 3.1 document");
    });
  }
}
