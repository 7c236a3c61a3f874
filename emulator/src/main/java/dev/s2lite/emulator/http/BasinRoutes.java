package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.auth.Listing;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.basin.BasinConfig;
import dev.s2lite.emulator.basin.BasinConfigJson;
import dev.s2lite.emulator.basin.BasinMeta;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.basin.BasinService;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/basins}: list, create, get config, ensure, reconfigure, delete. */
public final class BasinRoutes implements Routes {

  private final BasinService basins;

  public BasinRoutes(BasinService basins) {
    this.basins = basins;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/basins", this::list);
    routes.post("/v1/basins", this::create);
    routes.get("/v1/basins/{basin}", this::getConfig);
    routes.put("/v1/basins/{basin}", this::ensure);
    routes.patch("/v1/basins/{basin}", this::reconfigure);
    routes.delete("/v1/basins/{basin}", this::delete);
  }

  private void list(Context ctx) {
    String prefix = Requests.queryString(ctx, "prefix");
    String startAfter = Requests.queryString(ctx, "start_after");
    checkQuery("prefix", BasinName.prefixProblem(prefix, "basin prefix"));
    checkQuery("start_after", BasinName.prefixProblem(startAfter, "basin start-after"));
    int limit = Requests.listLimit(ctx);
    Access access = Access.of(ctx);
    access.account(Operation.LIST_BASINS);
    Listing listing = access.basinListing(prefix, startAfter);
    Page<BasinMeta> page;
    if (listing instanceof Listing.Query q) {
      page = basins.list(q.prefix(), q.startAfter(), limit);
    } else if (listing instanceof Listing.Only only) {
      page = new Page<>(basins.list(only.name(), "", 1).items().stream()
          .filter(b -> b.name().equals(only.name())).toList(), false);
    } else {
      page = new Page<>(List.of(), false);
    }
    Responses.page(ctx, "basins", page, BasinRoutes::info);
  }

  private void create(Context ctx) {
    String token = Requests.requestToken(ctx);
    Fields f = Fields.of(Requests.jsonBody(ctx), "", "struct CreateBasinRequest");
    String name = f.requiredString("basin");
    String problem = BasinName.problem(name);
    if (problem != null) {
      throw Fields.invalidMember("basin", problem);
    }
    BasinConfig config = parseConfig(f);
    Access.of(ctx).basin(Operation.CREATE_BASIN, name);
    Responses.provisioned(ctx, 201, basins.create(name, config, token), BasinRoutes::info);
  }

  private void getConfig(Context ctx) {
    String name = basinPath(ctx);
    Access.of(ctx).basin(Operation.GET_BASIN_CONFIG, name);
    Responses.json(ctx, 200, BasinConfigJson.render(basins.config(name)));
  }

  private void ensure(Context ctx) {
    String name = basinPath(ctx);
    JsonNode body = Requests.optionalJsonBody(ctx, "struct EnsureBasinRequest");
    BasinConfig config = body == null ? BasinConfig.DEFAULTS : parseConfig(Fields.of(body, "", "struct EnsureBasinRequest"));
    // An ensure creates or reconfigures: it needs the permission for what it will do.
    boolean exists = basins.list(name, "", 1).items().stream().anyMatch(b -> b.name().equals(name));
    Access.of(ctx).basin(exists ? Operation.RECONFIGURE_BASIN : Operation.CREATE_BASIN, name);
    Responses.ensured(ctx, basins.ensure(name, config), BasinRoutes::info);
  }

  private void reconfigure(Context ctx) {
    String name = basinPath(ctx);
    var reconfiguration = BasinConfigJson.parseReconfiguration(Requests.jsonBody(ctx), "");
    Access.of(ctx).basin(Operation.RECONFIGURE_BASIN, name);
    Responses.json(ctx, 200, BasinConfigJson.render(basins.reconfigure(name, reconfiguration)));
  }

  private void delete(Context ctx) {
    String name = basinPath(ctx);
    Access.of(ctx).basin(Operation.DELETE_BASIN, name);
    basins.delete(name);
    Responses.empty(ctx, 202);
  }

  /** {@code config} and the ignored-but-validated {@code location} of create and ensure bodies. */
  private static BasinConfig parseConfig(Fields f) {
    String location = f.string("location");
    if (location != null) {
      String problem = LocationName.problem(location);
      if (problem != null) {
        throw Fields.invalidMember("location", problem);
      }
    }
    return f.isUnset("config") ? BasinConfig.DEFAULTS : BasinConfigJson.parse(f.get("config"), "config");
  }

  static String basinPath(Context ctx) {
    String name = Requests.pathSegment(ctx, 2);
    String problem = BasinName.problem(name);
    if (problem != null) {
      throw S2Error.badPath(problem);
    }
    return name;
  }

  static ObjectNode info(BasinMeta basin) {
    ObjectNode out = Json.object();
    out.put("name", basin.name());
    out.putNull("location");
    out.put("created_at", Rfc3339.format(basin.createdAt()));
    if (basin.deletedAt() == null) {
      out.putNull("deleted_at");
    } else {
      out.put("deleted_at", Rfc3339.format(basin.deletedAt()));
    }
    out.put("state", basin.isDeleting() ? "deleting" : "active");
    return out;
  }

  static void checkQuery(String param, String problem) {
    if (problem != null) {
      throw S2Error.badQuery(param + ": " + problem);
    }
  }
}
