package dev.s2lite.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.auth.AccessTokenInfo;
import dev.s2lite.emulator.auth.AccessTokenScope;
import dev.s2lite.emulator.auth.AccessTokens;
import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.auth.ReadWrite;
import dev.s2lite.emulator.auth.ResourceSet;
import dev.s2lite.emulator.basin.BasinName;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Fields;
import dev.s2lite.emulator.json.Json;
import dev.s2lite.emulator.stream.StreamName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.function.UnaryOperator;

/** {@code /v1/access-tokens}: issue, list and revoke, as the S2 cloud has them. */
public final class AccessTokenRoutes implements Routes {

  private static final int TOKEN_ID_MAX = 96;

  private final AccessTokens tokens;

  public AccessTokenRoutes(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/v1/access-tokens", this::list);
    routes.post("/v1/access-tokens", this::issue);
    routes.delete("/v1/access-tokens/{id}", this::revoke);
  }

  private void list(Context ctx) {
    String prefix = Requests.queryString(ctx, "prefix");
    String startAfter = Requests.queryString(ctx, "start_after");
    BasinRoutes.checkQuery("prefix", idPrefixProblem(prefix, "prefix"));
    BasinRoutes.checkQuery("start_after", idPrefixProblem(startAfter, "start-after"));
    int limit = Requests.listLimit(ctx);
    Access access = Access.of(ctx);
    access.accessTokens(Operation.LIST_ACCESS_TOKENS);
    Responses.page(ctx, "access_tokens", tokens.list(access.principal(), prefix, startAfter, limit),
        AccessTokenRoutes::info);
  }

  private void issue(Context ctx) {
    AccessTokenInfo request = parse(Requests.jsonBody(ctx));
    Access access = Access.of(ctx);
    access.accessTokens(Operation.ISSUE_ACCESS_TOKEN);
    ObjectNode body = Json.object();
    body.put("access_token", tokens.issue(access.principal(), request));
    Responses.json(ctx, 201, body);
  }

  private void revoke(Context ctx) {
    String id = Requests.pathSegment(ctx, 2);
    String problem = idProblem(id);
    if (problem != null) {
      throw S2Error.badPath(problem);
    }
    Access access = Access.of(ctx);
    access.accessTokens(Operation.REVOKE_ACCESS_TOKEN);
    tokens.revoke(access.principal(), id);
    Responses.empty(ctx, 204);
  }

  // --- the issue body, read as the cloud's API types read it (400 bad_json on any problem) ---

  static AccessTokenInfo parse(JsonNode body) {
    Fields f = Fields.of(body, "", "struct AccessTokenInfo");
    String id = f.requiredString("id");
    String problem = idProblem(id);
    if (problem != null) {
      throw Fields.invalidMember("id", problem);
    }
    Instant expiresAt = null;
    String expires = f.string("expires_at");
    if (expires != null) {
      try {
        expiresAt = OffsetDateTime.parse(expires, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw Fields.badValue("expires_at", "invalid RFC 3339 timestamp `" + expires + "`");
      }
    }
    boolean autoPrefix = f.plainBoolean("auto_prefix_streams", false);
    if (!f.has("scope")) {
      throw f.missing("scope");
    }
    return new AccessTokenInfo(id, expiresAt, autoPrefix, scope(Fields.of(f.get("scope"), "scope", "struct AccessTokenScope")));
  }

  private static AccessTokenScope scope(Fields scope) {
    AccessTokenScope.Builder b = AccessTokenScope.builder();
    b.basins(resourceSet(scope, "basins", BasinName::problem, p -> BasinName.prefixProblem(p, "basin prefix")));
    b.streams(resourceSet(scope, "streams", StreamName::problem, p -> StreamName.prefixProblem(p, "stream prefix")));
    b.accessTokens(resourceSet(scope, "access_tokens", AccessTokenRoutes::idProblem,
        p -> idPrefixProblem(p, "prefix")));
    if (!scope.isUnset("op_groups")) {
      Fields groups = Fields.of(scope.get("op_groups"), scope.child("op_groups"), "struct PermittedOperationGroups");
      b.accountGroup(readWrite(groups, "account"));
      b.basinGroup(readWrite(groups, "basin"));
      b.streamGroup(readWrite(groups, "stream"));
    }
    if (!scope.isUnset("ops")) {
      JsonNode ops = scope.get("ops");
      if (!ops.isArray()) {
        throw Fields.typeError("scope.ops", ops, "a sequence");
      }
      EnumSet<Operation> set = EnumSet.noneOf(Operation.class);
      for (JsonNode op : ops) {
        Operation operation = op.isTextual() ? Operation.fromWire(op.textValue()) : null;
        if (operation == null) {
          throw Fields.badValue("scope.ops", "unknown operation " + op);
        }
        set.add(operation);
      }
      b.ops(set);
    }
    return b.build();
  }

  /** {@code {"exact": name}} ({@code ""} matches nothing) or {@code {"prefix": prefix}}; unset is none. */
  private static ResourceSet resourceSet(Fields scope, String name, UnaryOperator<String> nameProblem,
      UnaryOperator<String> prefixProblem) {
    if (scope.isUnset(name)) {
      return ResourceSet.NONE;
    }
    String path = scope.child(name);
    Fields f = Fields.of(scope.get(name), path);
    boolean exact = f.has("exact");
    if (exact == f.has("prefix")) {
      throw Fields.badValue(path, "expected exactly one of `exact` or `prefix`");
    }
    String value = f.requiredString(exact ? "exact" : "prefix");
    String problem = exact ? (value.isEmpty() ? null : nameProblem.apply(value)) : prefixProblem.apply(value);
    if (problem != null) {
      throw Fields.badValue(path, problem);
    }
    return exact ? ResourceSet.exact(value) : ResourceSet.prefix(value);
  }

  private static ReadWrite readWrite(Fields groups, String level) {
    if (groups.isUnset(level)) {
      return ReadWrite.NONE;
    }
    Fields rw = Fields.of(groups.get(level), groups.child(level), "struct ReadWritePermissions");
    return new ReadWrite(rw.plainBoolean("read", false), rw.plainBoolean("write", false));
  }

  static String idProblem(String id) {
    if (id.isEmpty()) {
      return "access token id must not be empty";
    }
    if (id.equals(".") || id.equals("..")) {
      return "access token id must not be \".\" or \"..\"";
    }
    if (id.indexOf('\0') >= 0) {
      return "access token id must not contain NUL bytes";
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > TOKEN_ID_MAX) {
      return "access token id must not exceed 96 bytes in length";
    }
    return null;
  }

  private static String idPrefixProblem(String prefix, String what) {
    if (prefix.indexOf('\0') >= 0) {
      return "access token " + what + " must not contain NUL bytes";
    }
    if (prefix.getBytes(StandardCharsets.UTF_8).length > TOKEN_ID_MAX) {
      return "access token " + what + " must not exceed 96 bytes in length";
    }
    return null;
  }

  // --- AccessTokenInfo as the cloud renders it ---

  static ObjectNode info(AccessTokenInfo token) {
    ObjectNode out = Json.object();
    out.put("id", token.id());
    if (token.expiresAt() == null) {
      out.putNull("expires_at");
    } else {
      out.put("expires_at", Rfc3339.format(token.expiresAt()));
    }
    out.put("auto_prefix_streams", token.autoPrefixStreams());
    AccessTokenScope scope = token.scope();
    ObjectNode s = out.putObject("scope");
    resourceSet(s, "basins", scope.basins());
    resourceSet(s, "streams", scope.streams());
    resourceSet(s, "access_tokens", scope.accessTokens());
    ObjectNode groups = s.putObject("op_groups");
    readWrite(groups, "account", scope.accountGroup());
    readWrite(groups, "basin", scope.basinGroup());
    readWrite(groups, "stream", scope.streamGroup());
    ArrayNode ops = s.putArray("ops");
    scope.ops().stream().sorted().forEach(op -> ops.add(op.wire()));
    return out;
  }

  private static void resourceSet(ObjectNode out, String name, ResourceSet set) {
    if (set instanceof ResourceSet.Prefix p) {
      out.putObject(name).put("prefix", p.prefix());
    } else if (set instanceof ResourceSet.Exact e && !e.name().isEmpty()) {
      out.putObject(name).put("exact", e.name());
    } else {
      out.putNull(name);
    }
  }

  private static void readWrite(ObjectNode out, String level, ReadWrite rw) {
    out.putObject(level).put("read", rw.read()).put("write", rw.write());
  }
}
