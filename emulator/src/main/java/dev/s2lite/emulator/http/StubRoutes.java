package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Locations: as in s2-lite, the arguments are validated (and, with enforcement on, the token's
 * permission checked), then the answer is {@code 501 not_implemented}.
 */
public final class StubRoutes implements Routes {

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/locations", ctx -> {
      Access.of(ctx).account(Operation.LIST_LOCATIONS);
      throw S2Error.notImplemented();
    });
    routes.get("/v1/locations/default", ctx -> {
      Access.of(ctx).account(Operation.GET_DEFAULT_LOCATION);
      throw S2Error.notImplemented();
    });
    routes.put("/v1/locations/default", this::setDefaultLocation);
  }

  private void setDefaultLocation(Context ctx) {
    JsonNode body = Requests.jsonBody(ctx);
    if (!body.isTextual()) {
      throw Fields.typeError("", body, "a location name string");
    }
    String problem = LocationName.problem(body.textValue());
    if (problem != null) {
      throw Fields.badValue("", problem);
    }
    Access.of(ctx).account(Operation.SET_DEFAULT_LOCATION);
    throw S2Error.notImplemented();
  }
}
