package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamConfigJson;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.StreamName;
import dev.s2lite.emulator.stream.StreamService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /v1/streams}: the stream control plane, in the basin named by {@code S2-Basin}. */
public final class StreamRoutes implements Routes {

  private final StreamService streams;

  public StreamRoutes(StreamService streams) {
    this.streams = streams;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/streams", this::list);
    routes.post("/v1/streams", this::create);
    routes.get("/v1/streams/{stream}", this::getConfig);
    routes.put("/v1/streams/{stream}", this::ensure);
    routes.patch("/v1/streams/{stream}", this::reconfigure);
    routes.delete("/v1/streams/{stream}", this::delete);
  }

  private void list(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String prefix = Requests.queryString(ctx, "prefix");
    String startAfter = Requests.queryString(ctx, "start_after");
    BasinRoutes.checkQuery("prefix", StreamName.prefixProblem(prefix, "stream prefix"));
    BasinRoutes.checkQuery("start_after", StreamName.prefixProblem(startAfter, "stream start-after"));
    Responses.page(ctx, "streams",
        streams.list(basin, prefix, startAfter, Requests.listLimit(ctx)), StreamRoutes::info);
  }

  private void create(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String token = Requests.requestToken(ctx);
    Fields f = Fields.of(Requests.jsonBody(ctx), "", "struct CreateStreamRequest");
    String name = f.requiredString("stream");
    String problem = StreamName.problem(name);
    if (problem != null) {
      throw Fields.invalidMember("stream", problem);
    }
    StreamConfig config = f.isUnset("config")
        ? StreamConfig.UNSET : StreamConfigJson.parse(f.get("config"), "config");
    StreamConfigJson.validate(config);
    Responses.provisioned(ctx, 201, streams.create(basin, name, config, token), StreamRoutes::info);
  }

  private void getConfig(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    Responses.json(ctx, 200, StreamConfigJson.render(streams.config(basin, streamPath(ctx))));
  }

  private void ensure(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String name = streamPath(ctx);
    JsonNode body = Requests.optionalJsonBody(ctx, "struct StreamConfig");
    StreamConfig config = body == null ? StreamConfig.UNSET : StreamConfigJson.parse(body, "");
    StreamConfigJson.validate(config);
    Responses.ensured(ctx, streams.ensure(basin, name, config), StreamRoutes::info);
  }

  private void reconfigure(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String name = streamPath(ctx);
    var reconfiguration = StreamConfigJson.parseReconfiguration(Requests.jsonBody(ctx), "");
    StreamConfigJson.validate(reconfiguration);
    Responses.json(ctx, 200, StreamConfigJson.render(streams.reconfigure(basin, name, reconfiguration)));
  }

  private void delete(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    streams.delete(basin, streamPath(ctx));
    Responses.empty(ctx, 202);
  }

  /** The {@code {stream}} path segment, decoded and validated. */
  public static String streamPath(Context ctx) {
    String name = Requests.pathSegment(ctx, 2);
    String problem = StreamName.problem(name);
    if (problem != null) {
      throw S2Error.badPath(problem);
    }
    return name;
  }

  static ObjectNode info(StreamMeta stream) {
    ObjectNode out = Json.object();
    out.put("name", stream.name());
    out.put("created_at", Rfc3339.format(stream.createdAt()));
    if (stream.deletedAt() == null) {
      out.putNull("deleted_at");
    } else {
      out.put("deleted_at", Rfc3339.format(stream.deletedAt()));
    }
    if (stream.cipher() == null) {
      out.putNull("cipher");
    } else {
      out.put("cipher", stream.cipher().wire());
    }
    return out;
  }
}
