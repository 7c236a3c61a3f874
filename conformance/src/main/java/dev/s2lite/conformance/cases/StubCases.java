package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;

/**
 * REFERENCE 6.7-6.12, 6.22, 18: access tokens, metrics and locations. s2-lite validates the
 * arguments and answers 501; the emulator implements access tokens and metrics (issue 13), so
 * the 501 cases apply to s2-lite only, the argument checks to every server.
 */
public final class StubCases {

  private StubCases() {}

  public static void register(Suite s) {
    String a = "stubs";

    s.add(a, "list-access-tokens-501", "GET /v1/access-tokens is 501 not_implemented", Suite.LITE_ONLY, c ->
        c.account("GET", "/v1/access-tokens").send().error(501, "not_implemented"));

    s.add(a, "list-access-tokens-bad-limit-is-400", "GET /v1/access-tokens?limit=x is 400 bad_query", c ->
        c.account("GET", "/v1/access-tokens?limit=x").send().error(400, "bad_query"));

    s.add(a, "issue-access-token-501", "POST /v1/access-tokens with a valid body is 501", Suite.LITE_ONLY, c ->
        c.account("POST", "/v1/access-tokens").json("{'id': 'tok-1', 'scope': {}}").send().error(501, "not_implemented"));

    s.add(a, "issue-access-token-malformed-is-400", "POST /v1/access-tokens without scope is 400 bad_json", c ->
        c.account("POST", "/v1/access-tokens").json("{'id': 'tok-1'}").send().error(400, "bad_json"));

    s.add(a, "revoke-access-token-501", "DELETE /v1/access-tokens/{id} is 501", Suite.LITE_ONLY, c ->
        c.account("DELETE", "/v1/access-tokens/tok-1").send().error(501, "not_implemented"));

    s.add(a, "revoke-access-token-too-long-is-400", "an access token id over 96 bytes is 400 bad_path", c ->
        c.account("DELETE", "/v1/access-tokens/" + "t".repeat(97)).send().error(400, "bad_path"));

    s.add(a, "account-metrics-501", "GET /v1/metrics?set=account-ops is 501", Suite.LITE_ONLY, c ->
        c.account("GET", "/v1/metrics?set=account-ops").send().error(501, "not_implemented"));

    s.add(a, "account-metrics-billable-usage-501", "set=estimated-billable-usage is accepted (501) (s2-lite 0.43)", Suite.LITE_ONLY, c ->
        c.account("GET", "/v1/metrics?set=estimated-billable-usage").send().error(501, "not_implemented"));

    s.add(a, "account-metrics-without-set-is-400", "GET /v1/metrics without set is 400 bad_query", c ->
        c.account("GET", "/v1/metrics").send().error(400, "bad_query"));

    s.add(a, "account-metrics-unknown-set-is-400", "set=bogus is 400 bad_query", c ->
        c.account("GET", "/v1/metrics?set=bogus").send().error(400, "bad_query"));

    s.add(a, "basin-metrics-501", "GET /v1/metrics/{basin}?set=storage is 501", Suite.LITE_ONLY, c ->
        c.account("GET", "/v1/metrics/" + c.basinName() + "?set=storage").send().error(501, "not_implemented"));

    s.add(a, "basin-metrics-bad-interval-is-400", "interval=week is 400 bad_query", c ->
        c.account("GET", "/v1/metrics/" + c.basinName() + "?set=storage&interval=week").send().error(400, "bad_query"));

    s.add(a, "stream-metrics-501", "GET /v1/metrics/{basin}/{stream}?set=storage is 501", Suite.LITE_ONLY, c ->
        c.account("GET", "/v1/metrics/" + c.basinName() + "/s?set=storage").send().error(501, "not_implemented"));

    s.add(a, "list-locations-501", "GET /v1/locations is 501", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/locations").send().error(501, "not_implemented"));

    s.add(a, "default-location-501", "GET /v1/locations/default is 501", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/locations/default").send().error(501, "not_implemented"));

    s.add(a, "set-default-location-501", "PUT /v1/locations/default with a location name is 501", Suite.SELF_HOSTED, c ->
        c.account("PUT", "/v1/locations/default").json("'aws:us-east-1'").send().error(501, "not_implemented"));

    s.add(a, "set-default-location-invalid-is-400", "PUT /v1/locations/default with a number is 400 bad_json", Suite.SELF_HOSTED, c ->
        c.account("PUT", "/v1/locations/default").json("5").send().error(400, "bad_json"));
  }
}
