package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Access tokens with enforcement on ({@code --auth}): the token API as the S2 cloud has it, and
 * every request's bearer token checked against its scope, expiry and revocation, over both
 * transports.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Transport.class)
class AuthAcceptanceTest {

  private static final String ROOT = "root-token-for-tests";
  private static final Instant START = Instant.parse("2031-03-04T05:06:07Z");

  static S2LiteServer server;
  static TestClock clock;

  @Parameter
  Transport transport;

  @BeforeAll
  static void startServer() {
    clock = new TestClock(START);
    server = S2LiteServer.builder().auth(true).rootToken(ROOT).clock(clock)
        .housekeepingPeriod(Duration.ZERO).build().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void emptyServer() {
    server.reset();
    as(ROOT, Req.post("/v1/basins").json("{'basin': 'alpha-basin'}")).assertStatus(201);
    as(ROOT, Req.post("/v1/basins").json("{'basin': 'bravo-basin'}")).assertStatus(201);
    as(ROOT, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'logs/app'}")).assertStatus(201);
    as(ROOT, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'events'}")).assertStatus(201);
  }

  private Res as(String token, Req req) {
    return transport.send(server.endpoint(), token == null ? req : req.header("authorization", "Bearer " + token));
  }

  /** Issues a token with the root token and returns the string to send. */
  private String issue(String singleQuotedBody) {
    return as(ROOT, Req.post("/v1/access-tokens").json(singleQuotedBody)).assertJson(201)
        .path("access_token").asText();
  }

  private String issue(String id, String singleQuotedScope) {
    return issue("{'id': '" + id + "', 'scope': " + singleQuotedScope + "}");
  }

  // --- authentication ---

  @Test
  void aRequestWithoutABearerTokenIs401Authn() {
    as(null, Req.get("/v1/basins")).assertError(401, "authn");
    transport.send(server.endpoint(), Req.get("/v1/basins").header("authorization", "Basic abc"))
        .assertError(401, "authn");
  }

  @Test
  void anUnknownTokenIs403PermissionDeniedAndTheRootTokenMayDoEverything() {
    as("not-a-token", Req.get("/v1/basins")).assertError(403, "permission_denied");
    assertThat(as(ROOT, Req.get("/v1/basins")).assertJson(200).path("basins")).hasSize(2);
  }

  @Test
  void routesOutsideV1AndUnknownRoutesNeedNoToken() {
    as(null, Req.get("/health")).assertStatus(200);
    as(null, Req.get("/metrics")).assertStatus(200);
    as(null, Req.get("/v1/nothing-here")).assertStatus(404);
  }

  // --- the token API ---

  @Test
  void anIssuedTokenIsListedWithItsScopeAndNeverItsSecret() {
    String token = issue("{'id': 'ci-reader', 'expires_at': '2041-04-01T00:00:00+02:00',"
        + " 'scope': {'basins': {'prefix': 'alpha-'}, 'streams': {'exact': ''},"
        + " 'op_groups': {'stream': {'read': true}}, 'ops': ['list-basins', 'read', 'list-basins']}}");
    assertThat(token).isNotBlank();

    JsonNode list = as(ROOT, Req.get("/v1/access-tokens")).assertJson(200);
    assertThat(list).isEqualTo(json("{'access_tokens': [{'id': 'ci-reader',"
        + " 'expires_at': '2041-03-31T22:00:00Z', 'auto_prefix_streams': false,"
        + " 'scope': {'basins': {'prefix': 'alpha-'}, 'streams': null, 'access_tokens': null,"
        + " 'op_groups': {'account': {'read': false, 'write': false}, 'basin': {'read': false, 'write': false},"
        + " 'stream': {'read': true, 'write': false}}, 'ops': ['list-basins', 'read']}}], 'has_more': false}"));
    assertThat(list.toString()).doesNotContain(token);
  }

  @Test
  void listingTokensPagesByIdWithPrefixStartAfterAndLimit() {
    for (String id : List.of("team-b", "team-a", "other", "team-c")) {
      issue(id, "{'ops': ['list-basins']}");
    }
    assertThat(ids(as(ROOT, Req.get("/v1/access-tokens?prefix=team-&limit=2")).assertJson(200)))
        .containsExactly("team-a", "team-b");
    JsonNode page = as(ROOT, Req.get("/v1/access-tokens?prefix=team-&start_after=team-b&limit=2")).assertJson(200);
    assertThat(ids(page)).containsExactly("team-c");
    assertThat(page.path("has_more").asBoolean()).isFalse();
    assertThat(as(ROOT, Req.get("/v1/access-tokens?prefix=team-&limit=2")).assertJson(200)
        .path("has_more").asBoolean()).isTrue();
    assertThat(ids(as(ROOT, Req.get("/v1/access-tokens?limit=0")).assertJson(200)))
        .containsExactly("other", "team-a", "team-b", "team-c");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceAndCannotBeRevokedTwice() {
    String token = issue("short-lived", "{'ops': ['list-basins']}");
    as(token, Req.get("/v1/basins")).assertJson(200);

    as(ROOT, Req.delete("/v1/access-tokens/short-lived")).assertStatus(204);

    as(token, Req.get("/v1/basins")).assertError(403, "permission_denied");
    as(ROOT, Req.delete("/v1/access-tokens/short-lived")).assertError(404, "access_token_not_found");
    assertThat(ids(as(ROOT, Req.get("/v1/access-tokens")).assertJson(200))).isEmpty();
  }

  @Test
  void aTokenIdIsUniqueAcrossIssues() {
    issue("twice", "{'ops': ['list-basins']}");
    as(ROOT, Req.post("/v1/access-tokens").json("{'id': 'twice', 'scope': {'ops': ['read']}}"))
        .assertError(409, "resource_already_exists");
  }

  @Test
  void scopesThatGrantNothingOrAutoPrefixWithoutAStreamPrefixOrExpireInThePastAre422() {
    assertThat(as(ROOT, Req.post("/v1/access-tokens").json("{'id': 'empty', 'scope': {}}"))
        .assertError(422, "invalid")).isEqualTo("Access token permissions cannot be empty");
    as(ROOT, Req.post("/v1/access-tokens").json("{'id': 'empty', 'scope': {'op_groups': {'basin': {}}, 'ops': []}}"))
        .assertError(422, "invalid");
    assertThat(as(ROOT, Req.post("/v1/access-tokens").json("{'id': 'ap', 'auto_prefix_streams': true,"
        + " 'scope': {'streams': {'exact': 'x'}, 'ops': ['read']}}")).assertError(422, "invalid"))
        .isEqualTo("Auto prefixing is only allowed for streams with prefix matching");
    as(ROOT, Req.post("/v1/access-tokens").json("{'id': 'old', 'expires_at': '"
        + clock.instant().minusSeconds(1) + "', 'scope': {'ops': ['read']}}")).assertError(422, "invalid");
  }

  @Test
  void malformedTokenRequestsAre400WhateverTheirToken() {
    for (String body : List.of("{", "[]", "{'scope': {}}", "{'id': 'ci-token'}", "{'id': '', 'scope': {}}",
        "{'id': '" + "i".repeat(97) + "', 'scope': {}}", "{'id': 7, 'scope': {}}",
        "{'id': 'ci-token', 'scope': {}, 'expires_at': 'tomorrow'}",
        "{'id': 'ci-token', 'scope': {}, 'auto_prefix_streams': null}",
        "{'id': 'ci-token', 'scope': {'ops': ['teleport']}}",
        "{'id': 'ci-token', 'scope': {'basins': {'exact': 'a', 'prefix': 'b'}}}",
        "{'id': 'ci-token', 'scope': {'basins': {'exact': 'NOT A BASIN'}}}",
        "{'id': 'ci-token', 'scope': {'op_groups': {'basin': {'read': 'yes'}}}}")) {
      as(ROOT, Req.post("/v1/access-tokens").json(body)).assertError(400, "bad_json");
    }
    for (String query : List.of("?limit=-1", "?limit=many", "?prefix=" + "p".repeat(97))) {
      as(ROOT, Req.get("/v1/access-tokens" + query)).assertError(400, "bad_query");
    }
    as(ROOT, Req.delete("/v1/access-tokens/" + "i".repeat(97))).assertError(400, "bad_path");
  }

  // --- operation groups: one token allowed, one refused, per level and kind ---

  @Test
  void theAccountGroupGrantsBasinOperationsByReadAndWrite() {
    String reader = issue("acct-r", "{'basins': {'prefix': ''}, 'op_groups': {'account': {'read': true}}}");
    String writer = issue("acct-w", "{'basins': {'prefix': ''}, 'op_groups': {'account': {'write': true}}}");

    as(reader, Req.get("/v1/basins")).assertJson(200);
    as(reader, Req.get("/v1/basins/alpha-basin")).assertJson(200);
    as(reader, Req.post("/v1/basins").json("{'basin': 'charlie-basin'}")).assertError(403, "permission_denied");

    as(writer, Req.post("/v1/basins").json("{'basin': 'charlie-basin'}")).assertJson(201);
    as(writer, Req.patch("/v1/basins/charlie-basin").json("{}")).assertJson(200);
    as(writer, Req.delete("/v1/basins/charlie-basin")).assertStatus(202);
    as(writer, Req.get("/v1/basins")).assertError(403, "permission_denied");
  }

  @Test
  void theBasinGroupGrantsStreamControlByReadAndWrite() {
    String reader = issue("basin-r", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''},"
        + " 'op_groups': {'basin': {'read': true}}}");
    String writer = issue("basin-w", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''},"
        + " 'op_groups': {'basin': {'write': true}}}");

    as(reader, Req.get("/v1/streams").basin("alpha-basin")).assertJson(200);
    as(reader, Req.get("/v1/streams/events").basin("alpha-basin")).assertJson(200);
    as(reader, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'new'}"))
        .assertError(403, "permission_denied");

    as(writer, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'new'}")).assertJson(201);
    as(writer, Req.patch("/v1/streams/new").basin("alpha-basin").json("{}")).assertJson(200);
    as(writer, Req.delete("/v1/streams/new").basin("alpha-basin")).assertStatus(202);
    as(writer, Req.get("/v1/streams").basin("alpha-basin")).assertError(403, "permission_denied");
  }

  @Test
  void theStreamGroupGrantsTheDataPlaneByReadAndWrite() {
    String reader = issue("stream-r", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''},"
        + " 'op_groups': {'stream': {'read': true}}}");
    String writer = issue("stream-w", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''},"
        + " 'op_groups': {'stream': {'write': true}}}");

    as(writer, append("events", "{'records': [{'body': 'one'}]}")).assertJson(200);
    as(writer, append("events", "{'records': [{'headers': [['', 'fence']], 'body': 'tok'}]}")).assertJson(200);
    as(writer, Req.get("/v1/streams/events/records?seq_num=0").basin("alpha-basin"))
        .assertError(403, "permission_denied");

    as(reader, Req.get("/v1/streams/events/records?seq_num=0").basin("alpha-basin")).assertJson(200);
    as(reader, Req.get("/v1/streams/events/records/tail").basin("alpha-basin")).assertJson(200);
    as(reader, append("events", "{'records': [{'body': 'two'}]}")).assertError(403, "permission_denied");
  }

  @Test
  void commandRecordsNeedTheirOwnOperation() {
    String appender = issue("append-only", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''}, 'ops': ['append']}");
    String trimmer = issue("trim-only", "{'basins': {'prefix': ''}, 'streams': {'prefix': ''}, 'ops': ['trim']}");

    as(appender, append("events", "{'records': [{'body': 'plain'}]}")).assertJson(200);
    as(appender, append("events", "{'records': [{'headers': [['', 'fence']], 'body': 'x'}]}"))
        .assertError(403, "permission_denied");
    as(appender, trimToOne("events")).assertError(403, "permission_denied");

    as(trimmer, trimToOne("events")).assertJson(200);
    as(trimmer, append("events", "{'records': [{'body': 'plain'}]}")).assertError(403, "permission_denied");
  }

  // --- resource sets ---

  @Test
  void anExactBasinScopeAllowsThatBasinOnlyAndListsOnlyIt() {
    String token = issue("exact-basin", "{'basins': {'exact': 'alpha-basin'}, 'streams': {'prefix': ''},"
        + " 'op_groups': {'account': {'read': true}, 'basin': {'read': true}}}");

    as(token, Req.get("/v1/basins/alpha-basin")).assertJson(200);
    as(token, Req.get("/v1/basins/bravo-basin")).assertError(403, "permission_denied");
    as(token, Req.get("/v1/streams").basin("bravo-basin")).assertError(403, "permission_denied");
    assertThat(names(as(token, Req.get("/v1/basins")).assertJson(200), "basins")).containsExactly("alpha-basin");
    assertThat(names(as(token, Req.get("/v1/basins?prefix=b")).assertJson(200), "basins")).isEmpty();
  }

  @Test
  void aPrefixStreamScopeAllowsMatchingStreamsAndListsOnlyThem() {
    String token = issue("logs-only", "{'basins': {'prefix': 'alpha-'}, 'streams': {'prefix': 'logs/'},"
        + " 'op_groups': {'basin': {'read': true, 'write': true}, 'stream': {'read': true, 'write': true}}}");

    as(token, append("logs%2Fapp", "{'records': [{'body': 'x'}]}")).assertJson(200);
    as(token, append("events", "{'records': [{'body': 'x'}]}")).assertError(403, "permission_denied");
    as(token, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'logs/db'}")).assertJson(201);
    as(token, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'metrics'}"))
        .assertError(403, "permission_denied");
    assertThat(names(as(token, Req.get("/v1/streams").basin("alpha-basin")).assertJson(200), "streams"))
        .containsExactly("logs/app", "logs/db");
    as(token, Req.get("/v1/streams").basin("bravo-basin")).assertError(403, "permission_denied");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = issue("{'id': 'hourly', 'expires_at': '" + clock.instant().plus(Duration.ofHours(1))
        + "', 'scope': {'ops': ['list-basins'], 'basins': {'prefix': ''}}}");
    as(token, Req.get("/v1/basins")).assertJson(200);

    clock.advance(Duration.ofHours(1));

    as(token, Req.get("/v1/basins")).assertError(403, "permission_denied");
  }

  @Test
  void autoPrefixedStreamsRoundTripInTheTokensOwnNamespace() {
    String tenant = issue("{'id': 'tenant-a', 'auto_prefix_streams': true, 'scope': {'basins': {'exact': 'alpha-basin'},"
        + " 'streams': {'prefix': 'tenant-a/'}, 'op_groups': {'basin': {'read': true, 'write': true},"
        + " 'stream': {'read': true, 'write': true}}}}");

    JsonNode created = as(tenant, Req.post("/v1/streams").basin("alpha-basin").json("{'stream': 'orders'}"))
        .assertJson(201);
    assertThat(created.path("name").asText()).isEqualTo("orders");
    as(tenant, append("orders", "{'records': [{'body': 'first'}]}")).assertJson(200);
    assertThat(as(tenant, Req.get("/v1/streams/orders/records?seq_num=0").basin("alpha-basin")).assertJson(200)
        .path("records").get(0).path("body").asText()).isEqualTo("first");
    assertThat(names(as(tenant, Req.get("/v1/streams?prefix=ord").basin("alpha-basin")).assertJson(200), "streams"))
        .containsExactly("orders");

    assertThat(names(as(ROOT, Req.get("/v1/streams").basin("alpha-basin")).assertJson(200), "streams"))
        .containsExactly("events", "logs/app", "tenant-a/orders");
    assertThat(as(ROOT, Req.get("/v1/streams/tenant-a%2Forders/records?seq_num=0").basin("alpha-basin"))
        .assertJson(200).path("records").get(0).path("body").asText()).isEqualTo("first");
    as(tenant, Req.get("/v1/streams/events").basin("alpha-basin")).assertError(404, "stream_not_found");
  }

  @Test
  void aTokenMayIssueNarrowerTokensButNotWiderOnes() {
    String manager = issue("manager", "{'basins': {'prefix': 'alpha-'}, 'access_tokens': {'prefix': 'manager/'},"
        + " 'ops': ['issue-access-token', 'list-basins', 'list-access-tokens', 'revoke-access-token']}");

    String child = as(manager, Req.post("/v1/access-tokens").json("{'id': 'manager/child',"
        + " 'scope': {'basins': {'exact': 'alpha-basin'}, 'ops': ['list-basins']}}")).assertJson(201)
        .path("access_token").asText();
    as(child, Req.get("/v1/basins")).assertJson(200);

    as(manager, Req.post("/v1/access-tokens").json("{'id': 'manager/wide',"
        + " 'scope': {'basins': {'prefix': ''}, 'ops': ['list-basins']}}")).assertError(403, "permission_denied");
    as(manager, Req.post("/v1/access-tokens").json("{'id': 'manager/more',"
        + " 'scope': {'basins': {'prefix': 'alpha-'}, 'ops': ['create-basin']}}")).assertError(403, "permission_denied");
    as(manager, Req.post("/v1/access-tokens").json("{'id': 'elsewhere',"
        + " 'scope': {'ops': ['list-basins']}}")).assertError(403, "permission_denied");
    assertThat(ids(as(manager, Req.get("/v1/access-tokens")).assertJson(200))).containsExactly("manager/child");
    as(manager, Req.delete("/v1/access-tokens/manager")).assertError(403, "permission_denied");
    as(manager, Req.delete("/v1/access-tokens/manager%2Fchild")).assertStatus(204);
  }

  @Test
  void metricsNeedTheirOperationAndTheResourceInScope() {
    String token = issue("metrics", "{'basins': {'exact': 'alpha-basin'}, 'streams': {'prefix': ''},"
        + " 'ops': ['basin-metrics', 'stream-metrics']}");
    long now = clock.instant().getEpochSecond();
    String range = "&start=" + (now - 60) + "&end=" + now;

    as(token, Req.get("/v1/metrics/alpha-basin?set=append-ops" + range)).assertJson(200);
    as(token, Req.get("/v1/metrics/alpha-basin/events?set=storage" + range)).assertJson(200);
    as(token, Req.get("/v1/metrics/bravo-basin?set=append-ops" + range)).assertError(403, "permission_denied");
    as(token, Req.get("/v1/metrics?set=account-ops" + range)).assertError(403, "permission_denied");
  }

  private Req append(String stream, String singleQuotedBody) {
    return Req.post("/v1/streams/" + stream + "/records").basin("alpha-basin").json(singleQuotedBody);
  }

  /** A batch of one trim command record (base64: the header value "trim", the body u64 1). */
  private Req trimToOne(String stream) {
    return append(stream, "{'records': [{'headers': [['', 'dHJpbQ==']], 'body': 'AAAAAAAAAAE='}]}")
        .header("s2-format", "base64");
  }

  private static List<String> ids(JsonNode list) {
    return names(list, "access_tokens", "id");
  }

  private static List<String> names(JsonNode list, String key) {
    return names(list, key, "name");
  }

  private static List<String> names(JsonNode list, String key, String field) {
    List<String> out = new ArrayList<>();
    list.path(key).forEach(item -> out.add(item.path(field).asText()));
    return out;
  }

  private static JsonNode json(String singleQuoted) {
    return Json.of(singleQuoted);
  }
}
