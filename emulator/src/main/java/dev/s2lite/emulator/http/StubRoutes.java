package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.stream.StreamName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Access tokens, the metrics API and locations: as in s2-lite today, the arguments are validated
 * and then the answer is {@code 501 not_implemented}.
 */
public final class StubRoutes implements Routes {

  private static final int TOKEN_ID_MAX = 96;
  private static final Set<String> OPERATIONS = Set.of(
      "list-basins", "create-basin", "delete-basin", "reconfigure-basin", "get-basin-config",
      "issue-access-token", "revoke-access-token", "list-access-tokens", "list-streams",
      "create-stream", "delete-stream", "get-stream-config", "reconfigure-stream", "check-tail",
      "append", "read", "trim", "fence", "account-metrics", "basin-metrics", "stream-metrics",
      "list-locations", "get-default-location", "set-default-location");
  private static final Set<String> ACCOUNT_SETS = Set.of("active-basins", "account-ops");
  private static final Set<String> BASIN_SETS = Set.of(
      "storage", "append-ops", "read-ops", "read-throughput", "append-throughput", "basin-ops");
  private static final Set<String> STREAM_SETS = Set.of("storage");
  private static final Set<String> INTERVALS = Set.of("minute", "hour", "day");

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/access-tokens", this::listAccessTokens);
    routes.post("/v1/access-tokens", this::issueAccessToken);
    routes.delete("/v1/access-tokens/{id}", this::revokeAccessToken);
    routes.get("/v1/metrics", ctx -> metrics(ctx, ACCOUNT_SETS));
    routes.get("/v1/metrics/{basin}", ctx -> {
      BasinRoutes.basinPath(ctx);
      metrics(ctx, BASIN_SETS);
    });
    routes.get("/v1/metrics/{basin}/{stream}", ctx -> {
      BasinRoutes.basinPath(ctx);
      String stream = Requests.pathSegment(ctx, 3);
      String problem = StreamName.problem(stream);
      if (problem != null) {
        throw S2Error.badPath(problem);
      }
      metrics(ctx, STREAM_SETS);
    });
    routes.get("/v1/locations", ctx -> notImplemented());
    routes.get("/v1/locations/default", ctx -> notImplemented());
    routes.put("/v1/locations/default", this::setDefaultLocation);
  }

  private static void notImplemented() {
    throw S2Error.notImplemented();
  }

  private void listAccessTokens(Context ctx) {
    for (String name : new String[] {"prefix", "start_after"}) {
      if (Requests.queryString(ctx, name).getBytes(StandardCharsets.UTF_8).length > TOKEN_ID_MAX) {
        throw S2Error.badQuery(name + ": access token id must not exceed 96 bytes in length");
      }
    }
    Requests.listLimit(ctx);
    notImplemented();
  }

  private void issueAccessToken(Context ctx) {
    Fields f = Fields.of(Requests.jsonBody(ctx), "", "struct AccessTokenInfo");
    String problem = tokenIdProblem(f.requiredString("id"));
    if (problem != null) {
      throw Fields.invalidMember("id", problem);
    }
    String expiresAt = f.string("expires_at");
    if (expiresAt != null) {
      try {
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(expiresAt);
      } catch (DateTimeParseException e) {
        throw Fields.badValue("expires_at", "invalid RFC 3339 timestamp");
      }
    }
    f.plainBoolean("auto_prefix_streams", false);
    if (!f.has("scope")) {
      throw f.missing("scope");
    }
    Fields scope = Fields.of(f.get("scope"), "scope", "struct AccessTokenScope");
    for (String set : new String[] {"basins", "streams", "access_tokens"}) {
      if (!scope.isUnset(set)) {
        resourceSet(scope.get(set), scope.child(set));
      }
    }
    if (!scope.isUnset("op_groups")) {
      Fields groups = Fields.of(scope.get("op_groups"), "scope.op_groups", "struct PermittedOperationGroups");
      for (String level : new String[] {"account", "basin", "stream"}) {
        if (!groups.isUnset(level)) {
          Fields rw = Fields.of(groups.get(level), groups.child(level), "struct ReadWritePermissions");
          rw.plainBoolean("read", false);
          rw.plainBoolean("write", false);
        }
      }
    }
    if (!scope.isUnset("ops")) {
      JsonNode ops = scope.get("ops");
      if (!ops.isArray()) {
        throw Fields.typeError("scope.ops", ops, "a sequence");
      }
      for (JsonNode op : ops) {
        if (!op.isTextual() || !OPERATIONS.contains(op.textValue())) {
          throw Fields.badValue("scope.ops", "unknown operation " + op);
        }
      }
    }
    notImplemented();
  }

  private static void resourceSet(JsonNode node, String path) {
    Fields f = Fields.of(node, path);
    boolean exact = f.has("exact");
    if (exact == f.has("prefix")) {
      throw Fields.badValue(path, "expected exactly one of `exact` or `prefix`");
    }
    f.requiredString(exact ? "exact" : "prefix");
  }

  private void revokeAccessToken(Context ctx) {
    String problem = tokenIdProblem(Requests.pathSegment(ctx, 2));
    if (problem != null) {
      throw S2Error.badPath(problem);
    }
    notImplemented();
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
    notImplemented();
  }

  private static void metrics(Context ctx, Set<String> sets) {
    String set = Requests.queryParam(ctx, "set");
    if (set == null) {
      throw S2Error.badQuery("missing field `set`");
    }
    if (!sets.contains(set)) {
      throw S2Error.badQuery("set: unknown variant `" + set + "`");
    }
    Requests.queryU32(ctx, "start");
    Requests.queryU32(ctx, "end");
    String interval = Requests.queryParam(ctx, "interval");
    if (interval != null && !INTERVALS.contains(interval)) {
      throw S2Error.badQuery("interval: unknown variant `" + interval + "`");
    }
    notImplemented();
  }

  private static String tokenIdProblem(String id) {
    if (id.isEmpty()) {
      return "access token id must not be empty";
    }
    if (id.equals(".") || id.equals("..")) {
      return "access token id must not be \".\" or \"..\"";
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > TOKEN_ID_MAX) {
      return "access token id must not exceed 96 bytes in length";
    }
    return null;
  }
}
