package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.Json;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.model.AccessTokenInfo;
import dev.s2lite.openapi.client.model.AccessTokenScope;
import dev.s2lite.openapi.client.model.IssueAccessTokenResponse;
import dev.s2lite.openapi.client.model.Operation;
import dev.s2lite.openapi.client.model.ResourceSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The access token API as the S2 cloud has it (issue, list, revoke), which the emulator answers
 * with or without {@code --auth} (s2-lite: 501, {@link StubCases}). Every token id is this run's
 * ({@link CaseContext#tokenId()}); the run revokes them at the end. What tokens allow:
 * {@link AuthCases}.
 */
public final class AccessTokenCases {

  private AccessTokenCases() {}

  /** Issues a token (the body's {@code id} is this run's) and returns the secret to send. */
  static String issue(CaseContext c, String id, String scopeSingleQuoted) {
    return issueBody(c, "{'id': '" + id + "', 'scope': " + scopeSingleQuoted + "}");
  }

  static String issueBody(CaseContext c, String singleQuoted) {
    Res r = c.account("POST", "/v1/access-tokens").json(singleQuoted).send().status(201);
    String token = r.textAt("/access_token");
    check(!token.isBlank(), "the issued token is not blank");
    return token;
  }

  /** The ids of a listing, in order. */
  static List<String> ids(Res listing) {
    List<String> out = new ArrayList<>();
    listing.at("/access_tokens").forEach(t -> out.add(t.path("id").asText()));
    return out;
  }

  /** The listed token with this id, or a failure. */
  static JsonNode listed(CaseContext c, String id) {
    Res r = c.account("GET", "/v1/access-tokens?prefix=" + CaseContext.encode(id)).send().status(200);
    for (JsonNode t : r.at("/access_tokens")) {
      if (t.path("id").asText().equals(id)) {
        return t;
      }
    }
    throw new dev.s2lite.conformance.CaseFailure("token " + id + " is not listed: " + r.text());
  }

  public static void register(Suite s) {
    String a = "access-tokens";

    s.add(a, "issue-returns-201-with-the-secret", "POST /v1/access-tokens answers 201 with the token to send (through the generated client)",
        Suite.CLOUD_AND_EMULATOR, c -> {
          IssueAccessTokenResponse issued = c.accessTokensApi().issueAccessToken(new AccessTokenInfo().id(c.tokenId())
              .scope(new AccessTokenScope().basins(new ResourceSet().prefix(c.basinName())).ops(List.of(Operation.LIST_BASINS))));
          check(issued.getAccessToken() != null && !issued.getAccessToken().isBlank(), "a token to send: " + issued);
        });

    s.add(a, "listed-with-scope-never-the-secret", "a listed token shows its id, scope and auto_prefix_streams, never its secret",
        Suite.CLOUD_AND_EMULATOR, c -> {
          String id = c.tokenId();
          String basins = c.basinName();
          String token = issue(c, id, "{'basins': {'prefix': '" + basins + "'}, 'streams': {'exact': 'orders'},"
              + " 'op_groups': {'stream': {'read': true}}, 'ops': ['list-basins']}");
          JsonNode t = listed(c, id);
          equal(t.path("auto_prefix_streams").asBoolean(true), false, "auto_prefix_streams");
          equal(t.at("/scope/basins"), Json.parse("{'prefix': '" + basins + "'}"), "scope.basins");
          equal(t.at("/scope/streams"), Json.parse("{'exact': 'orders'}"), "scope.streams");
          equal(t.at("/scope/op_groups/stream/read").asBoolean(), true, "scope.op_groups.stream.read");
          check(t.at("/scope/ops").toString().contains("list-basins"), "scope.ops holds list-basins: " + t);
          check(!c.account("GET", "/v1/access-tokens?prefix=" + id).send().text().contains(token),
              "the listing does not hold the secret");
        });

    s.add(a, "expires-at-is-kept", "a token's expires_at is listed as the instant it was issued with",
        Suite.CLOUD_AND_EMULATOR, c -> {
          String id = c.tokenId();
          Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
          issueBody(c, "{'id': '" + id + "', 'expires_at': '" + java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(java.time.ZoneOffset.ofHours(2)))
              + "', 'scope': {'ops': ['list-basins'], 'basins': {'prefix': '" + c.basinName() + "'}}}");
          equal(Instant.parse(listed(c, id).path("expires_at").asText()), at, "expires_at");
        });

    s.add(a, "list-pages-by-id", "listing pages by id with prefix, start_after, limit and has_more",
        Suite.CLOUD_AND_EMULATOR, c -> {
          String group = c.tokenId() + "-";
          for (String id : List.of(group + "b", group + "a", group + "c")) {
            issue(c, id, "{'ops': ['list-basins'], 'basins': {'prefix': '" + c.basinName() + "'}}");
          }
          Res first = c.account("GET", "/v1/access-tokens?prefix=" + group + "&limit=2").send().status(200);
          equal(ids(first), List.of(group + "a", group + "b"), "first page");
          equal(first.at("/has_more").asBoolean(), true, "has_more of the first page");
          Res second = c.account("GET", "/v1/access-tokens?prefix=" + group + "&start_after=" + group + "b&limit=2")
              .send().status(200);
          equal(ids(second), List.of(group + "c"), "second page");
          equal(second.at("/has_more").asBoolean(), false, "has_more of the last page");
        });

    s.add(a, "revoke-is-204-then-404", "DELETE /v1/access-tokens/{id} is 204, then 404 access_token_not_found, and the token is no longer listed",
        Suite.CLOUD_AND_EMULATOR, c -> {
          String id = c.tokenId();
          issue(c, id, "{'ops': ['list-basins'], 'basins': {'prefix': '" + c.basinName() + "'}}");
          c.account("DELETE", "/v1/access-tokens/" + id).send().status(204).emptyBody();
          c.account("DELETE", "/v1/access-tokens/" + id).send().error(404, "access_token_not_found");
          equal(ids(c.account("GET", "/v1/access-tokens?prefix=" + id).send().status(200)), List.of(), "listed");
        });

    s.add(a, "revoke-unknown-is-404", "revoking a token that never existed is 404 access_token_not_found",
        Suite.CLOUD_AND_EMULATOR, c ->
            c.account("DELETE", "/v1/access-tokens/" + c.tokenId()).send().error(404, "access_token_not_found"));

    s.add(a, "duplicate-id-is-409", "issuing a second token with an id in use is 409 resource_already_exists",
        Suite.CLOUD_AND_EMULATOR, c -> {
          String id = c.tokenId();
          String scope = "{'ops': ['list-basins'], 'basins': {'prefix': '" + c.basinName() + "'}}";
          issue(c, id, scope);
          c.account("POST", "/v1/access-tokens").json("{'id': '" + id + "', 'scope': " + scope + "}").send()
              .error(409, "resource_already_exists");
        });

    s.add(a, "empty-scope-is-422", "a scope that permits nothing is 422 invalid", Suite.CLOUD_AND_EMULATOR, c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'scope': {}}").send()
            .error(422, "invalid"));

    s.add(a, "auto-prefix-needs-a-stream-prefix", "auto_prefix_streams with an exact stream scope is 422 invalid",
        Suite.CLOUD_AND_EMULATOR, c ->
            c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'auto_prefix_streams': true,"
                + " 'scope': {'streams': {'exact': 'orders'}, 'ops': ['read']}}").send().error(422, "invalid"));

    s.add(a, "expiry-in-the-past-is-422", "an expires_at in the past is 422 invalid", Suite.CLOUD_AND_EMULATOR, c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'expires_at': '2001-01-01T00:00:00Z',"
            + " 'scope': {'ops': ['read']}}").send().error(422, "invalid"));

    s.add(a, "unknown-operation-is-400", "a scope naming an unknown operation is 400 bad_json", c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'scope': {'ops': ['teleport']}}")
            .send().error(400, "bad_json"));

    s.add(a, "exact-and-prefix-is-400", "a resource set with both exact and prefix is 400 bad_json", c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'scope': {'basins':"
            + " {'exact': 'a', 'prefix': 'b'}, 'ops': ['list-basins']}}").send().error(400, "bad_json"));

    s.add(a, "bad-expiry-is-400", "an expires_at that is not RFC 3339 is 400 bad_json", c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'expires_at': 'tomorrow',"
            + " 'scope': {'ops': ['read']}}").send().error(400, "bad_json"));

    s.add(a, "empty-id-is-400", "an empty token id is 400 bad_json", c ->
        c.account("POST", "/v1/access-tokens").json("{'id': '', 'scope': {'ops': ['read']}}").send()
            .error(400, "bad_json"));
  }
}
