package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Access tokens, the metrics API and locations: as in s2-lite, arguments are validated, then the
 * answer is {@code 501 not_implemented} (REFERENCE §6.7-6.12, §6.22, §18).
 */
class StubAcceptanceTest extends AcceptanceTest {

  @Test
  void accessTokenOperationsAreNotImplemented() {
    String message = send(Req.get("/v1/access-tokens")).assertError(501, "not_implemented");
    assertThat(message).isEqualTo("Not implemented");
    send(Req.get("/v1/access-tokens?prefix=ci-&start_after=ci-1&limit=10")).assertError(501, "not_implemented");
    send(Req.post("/v1/access-tokens").json("{'id': 'ci-token', 'expires_at': '2030-01-01T00:00:00Z',"
        + " 'auto_prefix_streams': true, 'scope': {'basins': {'prefix': 'ci-'}, 'streams': {'exact': ''},"
        + " 'op_groups': {'account': {'read': true, 'write': false}}, 'ops': ['append', 'read', 'list-locations']}}"))
        .assertError(501, "not_implemented");
    send(Req.post("/v1/access-tokens").json("{'id': 'ci-token', 'scope': {}}")).assertError(501, "not_implemented");
    send(Req.delete("/v1/access-tokens/ci-token")).assertError(501, "not_implemented");
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
    send(Req.delete("/v1/access-tokens/" + "i".repeat(96))).assertError(501, "not_implemented");
  }

  @Test
  void metricsNeedAValidSetThenAreNotImplemented() {
    send(Req.get("/v1/metrics?set=account-ops")).assertError(501, "not_implemented");
    send(Req.get("/v1/metrics?set=active-basins&start=0&end=4294967295&interval=hour"))
        .assertError(501, "not_implemented");
    send(Req.get("/v1/metrics/no-such-basin?set=storage")).assertError(501, "not_implemented");
    send(Req.get("/v1/metrics/no-such-basin?set=basin-ops")).assertError(501, "not_implemented");
    send(Req.get("/v1/metrics/no-such-basin/a%2Fstream?set=storage")).assertError(501, "not_implemented");

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
