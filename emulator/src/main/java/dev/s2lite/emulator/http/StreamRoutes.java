package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.auth.Listing;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.store.Page;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamConfigJson;
import dev.s2lite.emulator.stream.StreamMeta;
import dev.s2lite.emulator.stream.StreamName;
import dev.s2lite.emulator.stream.StreamService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

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
    int limit = Requests.listLimit(ctx);
    Access access = Access.of(ctx);
    access.basin(Operation.LIST_STREAMS, basin);
    Listing listing = access.streamListing(prefix, startAfter);
    Page<StreamMeta> page;
    if (listing instanceof Listing.Query q) {
      page = streams.list(basin, q.prefix(), q.startAfter(), limit);
    } else if (listing instanceof Listing.Only only) {
      page = new Page<>(streams.list(basin, only.name(), "", 1).items().stream()
          .filter(m -> m.name().equals(only.name())).toList(), false);
    } else {
      // Nothing to show, but a missing basin is still 404, as for any listing.
      streams.list(basin, "", "", 1);
      page = new Page<>(List.of(), false);
    }
    Responses.page(ctx, "streams", page, m -> info(m, access));
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
    Access access = Access.of(ctx);
    String stored = access.stream(Operation.CREATE_STREAM, basin, name);
    Responses.provisioned(ctx, 201, streams.create(basin, stored, config, token), m -> info(m, access));
  }

  private void getConfig(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String stored = Access.of(ctx).stream(Operation.GET_STREAM_CONFIG, basin, streamPath(ctx));
    Responses.json(ctx, 200, StreamConfigJson.render(streams.config(basin, stored)));
  }

  private void ensure(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String name = streamPath(ctx);
    JsonNode body = Requests.optionalJsonBody(ctx, "struct StreamConfig");
    StreamConfig config = body == null ? StreamConfig.UNSET : StreamConfigJson.parse(body, "");
    StreamConfigJson.validate(config);
    // An ensure creates or reconfigures: it needs the permission for what it will do.
    Access access = Access.of(ctx);
    String stored = access.principal().storedStreamName(name);
    String created = access.stream(exists(basin, stored) ? Operation.RECONFIGURE_STREAM : Operation.CREATE_STREAM,
        basin, name);
    Responses.ensured(ctx, streams.ensure(basin, created, config), m -> info(m, access));
  }

  private void reconfigure(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String name = streamPath(ctx);
    var reconfiguration = StreamConfigJson.parseReconfiguration(Requests.jsonBody(ctx), "");
    StreamConfigJson.validate(reconfiguration);
    String stored = Access.of(ctx).stream(Operation.RECONFIGURE_STREAM, basin, name);
    Responses.json(ctx, 200, StreamConfigJson.render(streams.reconfigure(basin, stored, reconfiguration)));
  }

  private void delete(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    streams.delete(basin, Access.of(ctx).stream(Operation.DELETE_STREAM, basin, streamPath(ctx)));
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

  private boolean exists(String basin, String stream) {
    try {
      streams.require(basin, stream);
      return true;
    } catch (S2Error e) {
      return false;
    }
  }

  /** A stream's info as {@code access}'s caller names it. */
  static ObjectNode info(StreamMeta stream, Access access) {
    ObjectNode out = Json.object();
    out.put("name", access.clientStream(stream.name()));
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
