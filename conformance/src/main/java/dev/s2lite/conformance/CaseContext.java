package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2lite.openapi.client.ApiClient;
import dev.s2lite.openapi.client.ApiException;
import dev.s2lite.openapi.client.api.BasinsApi;
import dev.s2lite.openapi.client.api.RecordsApi;
import dev.s2lite.openapi.client.api.StreamsApi;
import dev.s2lite.openapi.client.model.BasinConfig;
import dev.s2lite.openapi.client.model.CreateBasinRequest;
import dev.s2lite.openapi.client.model.CreateStreamRequest;
import dev.s2lite.openapi.client.model.StreamConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a case works with: the target, requests (raw, or through the generated client), and
 * fresh basins and streams of this run.
 */
public final class CaseContext {

  private static final AtomicInteger STREAMS = new AtomicInteger();

  private final Target target;
  private final Http http;
  private final RunResources resources;
  private final SharedBasin shared;
  private final ObjectMapper mapper = ApiClient.createDefaultObjectMapper();

  CaseContext(Target target, Http http, RunResources resources, SharedBasin shared) {
    this.target = target;
    this.http = http;
    this.resources = resources;
    this.shared = shared;
  }

  /** The run's basin with the default configuration, made on first use. */
  public interface SharedBasin {
    String get(CaseContext c);
  }

  public Target target() {
    return target;
  }

  public TargetKind kind() {
    return target.kind();
  }

  // --- names and resources ---

  /** A fresh basin name of this run (nothing created). */
  public String basinName() {
    return resources.basinName();
  }

  /** A fresh stream name (nothing created). */
  public String streamName() {
    return "s-" + STREAMS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  /** The run's shared basin (default configuration). */
  public String basin() {
    return shared.get(this);
  }

  /** Creates a basin with the default configuration, through the generated client. */
  public String newBasin() {
    return newBasin((BasinConfig) null);
  }

  /** Creates a basin with this configuration, through the generated client. */
  public String newBasin(BasinConfig config) {
    String name = basinName();
    resources.created(name);
    try {
      basinsApi().createBasin(new CreateBasinRequest().basin(name).config(config), null);
    } catch (ApiException e) {
      throw new CaseFailure("creating basin " + name + " failed: " + e.getCode() + " " + e.getResponseBody());
    }
    return name;
  }

  /** Creates a basin whose {@code config} is this JSON (single quotes for double). */
  public String newBasin(String configJson) {
    String name = basinName();
    resources.created(name);
    account("POST", "/v1/basins").json("{'basin': '" + name + "', 'config': " + configJson + "}").send().status(201);
    return name;
  }

  /** Remembers a basin a case created by hand, for deletion at the end. */
  public void created(String basin) {
    resources.created(basin);
  }

  /** Creates a stream with the default configuration in the shared basin. */
  public String newStream() {
    return newStream(basin(), (StreamConfig) null);
  }

  /** Creates a stream through the generated client. */
  public String newStream(String basin, StreamConfig config) {
    String name = streamName();
    try {
      streamsApi(basin).createStream(new CreateStreamRequest().stream(name).config(config), basinHeader(basin), null);
    } catch (ApiException e) {
      throw new CaseFailure("creating stream " + name + " failed: " + e.getCode() + " " + e.getResponseBody());
    }
    return name;
  }

  /** Creates a stream whose {@code config} is this JSON. */
  public String newStream(String basin, String configJson) {
    String name = streamName();
    in(basin, "POST", "/v1/streams").json("{'stream': " + Json.string(name).replace('"', '\'') + ", 'config': "
        + configJson + "}").send().status(201);
    return name;
  }

  // --- raw requests ---

  /** A request to the account endpoint. */
  public Req account(String method, String rawPath) {
    return new Req(http, method, target.accountUri(), rawPath);
  }

  /** A request about a basin's streams: its endpoint, and {@code S2-Basin} on direct endpoints. */
  public Req in(String basin, String method, String rawPath) {
    Req r = new Req(http, method, target.basinUri(basin), rawPath);
    if (!target.basinInHost()) {
      r.header("s2-basin", basin);
    }
    return r;
  }

  /** {@code /v1/streams/{stream}} plus a suffix, the stream percent-encoded as one segment. */
  public static String streamPath(String stream, String suffix) {
    return "/v1/streams/" + encode(stream) + suffix;
  }

  public Req stream(String basin, String stream, String method, String suffix) {
    return in(basin, method, streamPath(stream, suffix));
  }

  public Req records(String basin, String stream, String method, String query) {
    return in(basin, method, streamPath(stream, "/records") + query);
  }

  /** A unary JSON append of these records (JSON array, single quotes); expects 200. */
  public Res append(String basin, String stream, String recordsJson) {
    return records(basin, stream, "POST", "").json("{'records': " + recordsJson + "}").send().status(200);
  }

  /** Appends one batch of records with these bodies; expects 200. */
  public Res appendBodies(String basin, String stream, String... bodies) {
    StringBuilder b = new StringBuilder("[");
    for (String body : bodies) {
      b.append(b.length() > 1 ? "," : "").append("{'body': ").append(Json.string(body).replace('"', '\'')).append('}');
    }
    return append(basin, stream, b.append(']').toString());
  }

  /** A unary read with this query (e.g. {@code ?seq_num=0}). */
  public Res read(String basin, String stream, String query) {
    return records(basin, stream, "GET", query).send();
  }

  public Res tail(String basin, String stream) {
    return stream(basin, stream, "GET", "/records/tail").send();
  }

  /** Percent-encodes every byte outside {@code A-Z a-z 0-9 - . _ ~}, as the SDKs do. */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static String base64(String s) {
    return base64(s.getBytes(StandardCharsets.UTF_8));
  }

  // --- the generated client ---

  public BasinsApi basinsApi() {
    return new BasinsApi(apiClient(target.accountUri()));
  }

  public StreamsApi streamsApi(String basin) {
    return new StreamsApi(apiClient(target.basinUri(basin)));
  }

  public RecordsApi recordsApi(String basin) {
    return new RecordsApi(apiClient(target.basinUri(basin)));
  }

  /** The {@code S2-Basin} argument of generated calls: the basin on direct endpoints, else null. */
  public String basinHeader(String basin) {
    return target.basinInHost() ? null : basin;
  }

  private ApiClient apiClient(URI base) {
    return new ApiClient(http.clientBuilder(), mapper, base.toString());
  }

  /** Sessions and other hand-written clients record through this. */
  public Http http() {
    return http;
  }

  /** Ends the case as skipped, with the reason shown in the report. */
  public void skip(String reason) {
    throw new CaseAbort(reason);
  }

  /** Fails the case unless the condition holds. */
  public static void check(boolean condition, String expectation) {
    if (!condition) {
      throw new CaseFailure(expectation);
    }
  }

  public static void equal(Object actual, Object expected, String what) {
    if (!java.util.Objects.equals(actual, expected)) {
      throw new CaseFailure("expected " + what + " = " + expected + ", got " + actual);
    }
  }
}
