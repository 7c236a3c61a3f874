package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Access tokens and the metrics API answer for real, as the S2 cloud does (with {@code --auth}
 * off, any token is accepted, as in s2-lite); their arguments are validated as s2-lite validates
 * them (REFERENCE §6.7-6.12). Locations stay as in s2-lite: {@code 501 not_implemented} (§6.22, §18).
 */
class StubAcceptanceTest extends AcceptanceTest {

  @Test
  void accessTokenOperationsAnswerForRealWithAuthOff() {
    assertThat(send(Req.get("/v1/access-tokens")).assertJson(200)).isEqualTo(json("{'access_tokens': [], 'has_more': false}"));
    send(Req.get("/v1/access-tokens?prefix=ci-&start_after=ci-1&limit=10")).assertJson(200);
    JsonNode issued = send(Req.post("/v1/access-tokens").json("{'id': 'ci-token', 'expires_at': '2090-01-01T00:00:00Z',"
        + " 'auto_prefix_streams': true, 'scope': {'basins': {'prefix': 'ci-'}, 'streams': {'prefix': 'ci/'},"
        + " 'op_groups': {'account': {'read': true, 'write': false}}, 'ops': ['append', 'read', 'list-locations']}}"))
        .assertJson(201);
    assertThat(issued.path("access_token").asText()).isNotBlank();
    send(Req.post("/v1/access-tokens").json("{'id': 'ci-token-2', 'scope': {}}")).assertError(422, "invalid");
    send(Req.delete("/v1/access-tokens/ci-token")).assertStatus(204);
    send(Req.delete("/v1/access-tokens/ci-token")).assertError(404, "access_token_not_found");
  }

  @Test
  void badListAccessTokenQueriesAreBadQuery() {
    for (String query : List.of("?limit=-1", "?limit=many", "?prefix=" + "p".repeat(97), "?start_after=" + "p".repeat(97))) {
      send(Req.get("/v1/access-tokens" + query)).assertError(400, "bad_query");
    }
  }

  @Test
  void badIssueAccessTokenBodiesAreBadJson() {
    for (String body : List.of("{", "[]", "{'scope': {}}", "{'id': 'ci-token'}", "{'id': '', 'scope': {}}",
        "{'id': '" + "i".repeat(97) + "', 'scope': {}}", "{'id': 7, 'scope': {}}",
        "{'id': 'ci-token', 'scope': {}, 'expires_at': 'tomorrow'}",
        "{'id': 'ci-token', 'scope': {}, 'auto_prefix_streams': null}",
        "{'id': 'ci-token', 'scope': {'ops': ['teleport']}}",
        "{'id': 'ci-token', 'scope': {'basins': {'exact': 'a', 'prefix': 'b'}}}",
        "{'id': 'ci-token', 'scope': {'op_groups': {'basin': {'read': 'yes'}}}}")) {
      send(Req.post("/v1/access-tokens").json(body)).assertError(400, "bad_json");
    }
    send(Req.post("/v1/access-tokens").body("{}")).assertError(400, "bad_json");
  }

  @Test
  void revokingAnInvalidTokenIdIsBadPath() {
    send(Req.delete("/v1/access-tokens/" + "i".repeat(97))).assertError(400, "bad_path");
    send(Req.delete("/v1/access-tokens/" + "i".repeat(96))).assertError(404, "access_token_not_found");
  }

  @Test
  void metricsNeedAValidSetAndATimeRange() {
    long now = System.currentTimeMillis() / 1000;
    String range = "&start=" + (now - 3600) + "&end=" + now;
    send(Req.get("/v1/metrics?set=account-ops" + range)).assertJson(200);
    send(Req.get("/v1/metrics?set=active-basins" + range + "&interval=hour")).assertJson(200);
    send(Req.get("/v1/metrics/no-such-basin?set=storage" + range)).assertJson(200);
    send(Req.get("/v1/metrics/no-such-basin?set=basin-ops" + range)).assertJson(200);
    send(Req.get("/v1/metrics/no-such-basin/a%2Fstream?set=storage" + range)).assertJson(200);
    send(Req.get("/v1/metrics?set=account-ops")).assertError(422, "invalid");
    send(Req.get("/v1/metrics?set=active-basins&start=0&end=4294967295&interval=hour")).assertError(422, "invalid");
    // s2-lite 0.43 parses this set and answers 501; the emulator has no prices to estimate with either.
    send(Req.get("/v1/metrics?set=estimated-billable-usage" + range)).assertError(501, "not_implemented");

    for (String path : List.of("/v1/metrics", "/v1/metrics?set=storage", "/v1/metrics?set=account-ops&start=soon",
        "/v1/metrics?set=account-ops&end=4294967296", "/v1/metrics?set=account-ops&interval=week",
        "/v1/metrics/my-basin-1", "/v1/metrics/my-basin-1?set=account-ops",
        "/v1/metrics/my-basin-1/events?set=append-ops", "/v1/metrics/my-basin-1/events",
        "/v1/metrics?set=account-ops&set=account-ops")) {
      send(Req.get(path)).assertError(400, "bad_query");
    }
  }

  @Test
  void metricsWithInvalidNamesInThePathAreBadPath() {
    send(Req.get("/v1/metrics/BAD-BASIN?set=storage")).assertError(400, "bad_path");
    send(Req.get("/v1/metrics/short?set=storage")).assertError(400, "bad_path");
    send(Req.get("/v1/metrics/my-basin-1/" + "s".repeat(513) + "?set=storage")).assertError(400, "bad_path");
  }

  @Test
  void locationsAreNotImplemented() {
    send(Req.get("/v1/locations")).assertError(501, "not_implemented");
    send(Req.get("/v1/locations/default")).assertError(501, "not_implemented");
    send(Req.put("/v1/locations/default").json("'aws:us-east-1'")).assertError(501, "not_implemented");
  }

  @Test
  void settingTheDefaultLocationNeedsALocationNameString() {
    for (String body : List.of("42", "{'name': 'aws:us-east-1'}", "'not a location!'", "''", "null", "'aws")) {
      send(Req.put("/v1/locations/default").json(body)).assertError(400, "bad_json");
    }
    send(Req.put("/v1/locations/default").body("\"aws:us-east-1\"")).assertError(400, "bad_json");
  }
}
