package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.ApiResponse;
import dev.s2lite.openapi.client.model.BasinConfig;
import dev.s2lite.openapi.client.model.BasinInfo;
import dev.s2lite.openapi.client.model.BasinState;
import dev.s2lite.openapi.client.model.CreateBasinRequest;
import dev.s2lite.openapi.client.model.ListBasinsResponse;
import java.util.ArrayList;
import java.util.List;

/** REFERENCE 6.1-6.6, 7: the basin control plane. */
public final class BasinCases {

  private BasinCases() {}

  public static void register(Suite s) {
    String a = "basins";

    s.add(a, "create-returns-201-created-with-info", "POST /v1/basins answers 201, s2-provision-result: created, and BasinInfo", c -> {
      String b = c.basinName();
      c.created(b);
      ApiResponse<BasinInfo> r = c.basinsApi().createBasinWithHttpInfo(new CreateBasinRequest().basin(b), null);
      equal(r.getStatusCode(), 201, "status");
      equal(r.getHeaders().get("s2-provision-result"), List.of("created"), "s2-provision-result");
      equal(r.getData().getName(), b, "name");
      equal(r.getData().getState(), BasinState.ACTIVE, "state");
      equal(r.getData().getDeletedAt(), null, "deleted_at");
      check(r.getData().getCreatedAt() != null, "created_at is set");
    });

    s.add(a, "create-info-has-null-location", "BasinInfo carries location null and state active", Suite.SELF_HOSTED, c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").json("{'basin': '" + b + "'}").send().status(201)
          .json("/location", "null").json("/state", "'active'").json("/deleted_at", "null");
    });

    s.add(a, "create-existing-is-409-resource-already-exists", "creating a basin twice without a token is 409 resource_already_exists", c -> {
      String b = c.newBasin();
      c.account("POST", "/v1/basins").json("{'basin': '" + b + "'}").send().error(409, "resource_already_exists");
    });

    s.add(a, "create-replay-with-same-token-is-noop", "the same s2-request-token and config replays the create: 201 noop, same created_at", c -> {
      String b = c.basinName();
      c.created(b);
      Res first = c.account("POST", "/v1/basins").header("s2-request-token", "tok-1")
          .json("{'basin': '" + b + "'}").send().status(201).header("s2-provision-result", "created");
      c.account("POST", "/v1/basins").header("s2-request-token", "tok-1")
          .json("{'basin': '" + b + "'}").send().status(201).header("s2-provision-result", "noop")
          .json("/created_at", "'" + first.textAt("/created_at") + "'");
    });

    s.add(a, "create-other-token-is-409", "a different request token for an existing basin is 409 resource_already_exists", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").header("s2-request-token", "tok-a").json("{'basin': '" + b + "'}").send().status(201);
      c.account("POST", "/v1/basins").header("s2-request-token", "tok-b").json("{'basin': '" + b + "'}").send()
          .error(409, "resource_already_exists");
    });

    s.add(a, "create-same-token-other-config-is-409", "the same token with another config is 409 resource_already_exists", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").header("s2-request-token", "tok").json("{'basin': '" + b + "'}").send().status(201);
      c.account("POST", "/v1/basins").header("s2-request-token", "tok")
          .json("{'basin': '" + b + "', 'config': {'create_stream_on_append': true}}").send()
          .error(409, "resource_already_exists");
    });

    s.add(a, "create-token-over-36-bytes-is-400", "an s2-request-token over 36 bytes is 400 bad_header", c -> {
      String b = c.basinName();
      c.account("POST", "/v1/basins").header("s2-request-token", "x".repeat(37)).json("{'basin': '" + b + "'}").send()
          .error(400, "bad_header");
    });

    for (String[] bad : new String[][] {
        {"7-chars", "abcdefg"}, {"uppercase", "Abcdefgh"}, {"trailing-hyphen", "abcdefg-"},
        {"underscore", "abcd_efg"}, {"49-chars", "a".repeat(49)}, {"leading-hyphen", "-abcdefg"}}) {
      s.add(a, "create-name-" + bad[0] + "-is-400-bad-json", "a basin name like \"" + bad[1] + "\" in the body is 400 bad_json", c ->
          c.account("POST", "/v1/basins").json("{'basin': '" + bad[1] + "'}").send().error(400, "bad_json"));
    }

    s.add(a, "create-without-basin-field-is-400", "a create body without basin is 400 bad_json", c ->
        c.account("POST", "/v1/basins").json("{}").send().error(400, "bad_json"));

    s.add(a, "create-without-content-type-is-400", "a create body without Content-Type: application/json is 400 bad_json", c ->
        c.account("POST", "/v1/basins").body("{\"basin\": \"" + c.basinName() + "\"}").send().error(400, "bad_json"));

    s.add(a, "create-malformed-json-is-400", "malformed JSON is 400 bad_json", c ->
        c.account("POST", "/v1/basins").jsonExact("{\"basin\": ").send().error(400, "bad_json"));

    s.add(a, "create-null-auto-create-flag-is-400", "create_stream_on_append: null in a config is 400 bad_json (plain boolean)", Suite.SELF_HOSTED, c ->
        c.account("POST", "/v1/basins").json("{'basin': '" + c.basinName() + "', 'config': {'create_stream_on_append': null}}")
            .send().error(400, "bad_json"));

    s.add(a, "create-ignores-unknown-fields", "unknown fields of a create body are ignored", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").json("{'basin': '" + b + "', 'colour': 'blue'}").send().status(201);
    });

    s.add(a, "create-with-zero-retention-is-422", "a default retention age of 0 is 422 invalid", c ->
        c.account("POST", "/v1/basins").json("{'basin': '" + c.basinName()
            + "', 'config': {'default_stream_config': {'retention_policy': {'age': 0}}}}").send().error(422, "invalid"));

    s.add(a, "get-config-of-new-basin-has-defaults", "GET /v1/basins/{b} of a new basin: all four keys, defaults", c -> {
      String b = c.newBasin();
      c.account("GET", "/v1/basins/" + b).send().status(200).json("", "{'default_stream_config': null, 'stream_cipher': null,"
          + " 'create_stream_on_append': false, 'create_stream_on_read': false}");
    });

    s.add(a, "get-config-echoes-basin-level-defaults-only", "default_stream_config shows the basin-level fields, the rest null", c -> {
      String b = c.newBasin("{'default_stream_config': {'storage_class': 'standard', 'timestamping': {'mode': 'arrival'}},"
          + " 'create_stream_on_append': true}");
      c.account("GET", "/v1/basins/" + b).send().status(200)
          .json("/default_stream_config", "{'storage_class': 'standard', 'retention_policy': null,"
              + " 'timestamping': {'mode': 'arrival', 'uncapped': null}, 'delete_on_empty': null}")
          .json("/create_stream_on_append", "true").json("/create_stream_on_read", "false");
    });

    s.add(a, "get-config-of-missing-basin-is-404", "GET config of a basin that does not exist is 404 basin_not_found", c ->
        c.account("GET", "/v1/basins/" + c.basinName()).send().error(404, "basin_not_found"));

    s.add(a, "get-config-invalid-name-is-400-bad-path", "an invalid basin name in the path is 400 bad_path", c ->
        c.account("GET", "/v1/basins/Not_A_Basin").send().error(400, "bad_path"));

    s.add(a, "ensure-creates-201-created", "PUT of a missing basin creates it: 201 created", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("PUT", "/v1/basins/" + b).send().status(201).header("s2-provision-result", "created").json("/name", "'" + b + "'");
    });

    s.add(a, "ensure-same-config-is-200-noop", "PUT with the stored config is 200 noop", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.account("PUT", "/v1/basins/" + b).json("{'config': {'create_stream_on_read': true}}").send()
          .status(200).header("s2-provision-result", "noop");
    });

    s.add(a, "ensure-other-config-is-200-updated", "PUT with another config is 200 updated and the config changes", c -> {
      String b = c.newBasin();
      c.account("PUT", "/v1/basins/" + b).json("{'config': {'create_stream_on_append': true}}").send()
          .status(200).header("s2-provision-result", "updated");
      c.account("GET", "/v1/basins/" + b).send().json("/create_stream_on_append", "true");
    });

    s.add(a, "ensure-resets-unspecified-fields", "PUT replaces the whole config: unspecified fields go back to defaults", c -> {
      String b = c.newBasin("{'create_stream_on_append': true, 'default_stream_config': {'storage_class': 'standard'}}");
      c.account("PUT", "/v1/basins/" + b).json("{'config': {'create_stream_on_read': true}}").send().status(200);
      c.account("GET", "/v1/basins/" + b).send().json("", "{'default_stream_config': null, 'stream_cipher': null,"
          + " 'create_stream_on_append': false, 'create_stream_on_read': true}");
    });

    s.add(a, "ensure-empty-json-body-means-defaults", "PUT with Content-Type JSON and an empty body means no body", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("PUT", "/v1/basins/" + b).header("content-type", "application/json").send().status(201);
    });

    s.add(a, "ensure-non-json-content-type-is-400", "PUT with a non-JSON Content-Type is 400 bad_json", c ->
        c.account("PUT", "/v1/basins/" + c.basinName()).header("content-type", "text/plain").body("{}").send()
            .error(400, "bad_json"));

    s.add(a, "ensure-keeps-idempotency-key", "an ensure does not break a later replay of the token's create", c -> {
      String b = c.basinName();
      c.created(b);
      c.account("POST", "/v1/basins").header("s2-request-token", "keep").json("{'basin': '" + b + "'}").send().status(201);
      c.account("PUT", "/v1/basins/" + b).json("{'config': {'create_stream_on_append': true}}").send().status(200);
      c.account("POST", "/v1/basins").header("s2-request-token", "keep").json("{'basin': '" + b + "'}").send()
          .status(201).header("s2-provision-result", "noop");
    });

    s.add(a, "reconfigure-empty-body-returns-config", "PATCH {} changes nothing and answers the config", c -> {
      String b = c.newBasin("{'create_stream_on_read': true}");
      c.account("PATCH", "/v1/basins/" + b).json("{}").send().status(200).json("/create_stream_on_read", "true");
    });

    s.add(a, "reconfigure-sets-nested-defaults", "PATCH sets default stream fields and flags; GET reflects it", c -> {
      String b = c.newBasin();
      c.account("PATCH", "/v1/basins/" + b).json("{'default_stream_config': {'storage_class': 'express', "
          + "'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival'}}, "
          + "'create_stream_on_append': true, 'create_stream_on_read': true}").send().status(200);
      c.account("GET", "/v1/basins/" + b).send().json("/default_stream_config/retention_policy", "{'infinite': {}}")
          .json("/default_stream_config/timestamping/mode", "'arrival'")
          .json("/create_stream_on_append", "true").json("/create_stream_on_read", "true");
    });

    s.add(a, "reconfigure-null-clears-defaults", "PATCH default_stream_config: null clears the basin-level defaults", c -> {
      String b = c.newBasin("{'default_stream_config': {'storage_class': 'standard'}}");
      c.account("PATCH", "/v1/basins/" + b).json("{'default_stream_config': null}").send().status(200)
          .json("/default_stream_config", "null");
    });

    s.add(a, "reconfigure-null-flag-is-400", "PATCH create_stream_on_append: null is 400 bad_json", Suite.SELF_HOSTED, c ->
        c.account("PATCH", "/v1/basins/" + c.newBasin()).json("{'create_stream_on_append': null}").send().error(400, "bad_json"));

    s.add(a, "reconfigure-missing-basin-is-404", "PATCH of a missing basin is 404 basin_not_found", c ->
        c.account("PATCH", "/v1/basins/" + c.basinName()).json("{}").send().error(404, "basin_not_found"));

    s.add(a, "reconfigure-zero-retention-is-422", "PATCH a default retention of 0 is 422 invalid", c ->
        c.account("PATCH", "/v1/basins/" + c.newBasin()).json("{'default_stream_config': {'retention_policy': {'age': 0}}}")
            .send().error(422, "invalid"));

    s.add(a, "delete-is-202-empty", "DELETE /v1/basins/{b} answers 202 with an empty body", c ->
        c.account("DELETE", "/v1/basins/" + c.newBasin()).send().status(202).emptyBody());

    s.add(a, "delete-missing-is-404", "DELETE of a missing basin is 404 basin_not_found", c ->
        c.account("DELETE", "/v1/basins/" + c.basinName()).send().error(404, "basin_not_found"));

    s.add(a, "deleting-basin-blocks-create-and-reconfigure", "a basin being deleted: create, ensure, PATCH are 409 basin_deletion_pending; DELETE again 202", c -> {
      String b = c.newBasin();
      c.newStream(b, (dev.s2lite.openapi.client.model.StreamConfig) null);
      c.account("DELETE", "/v1/basins/" + b).send().status(202);
      Res after = c.account("GET", "/v1/basins/" + b).send();
      if (after.status() == 404) {
        c.skip("the basin was gone before it could be observed deleting");
      }
      c.account("POST", "/v1/basins").json("{'basin': '" + b + "'}").send().error(409, "basin_deletion_pending");
      c.account("PATCH", "/v1/basins/" + b).json("{}").send().error(409, "basin_deletion_pending");
      c.account("DELETE", "/v1/basins/" + b).send().status(202);
    });

    s.add(a, "list-shows-created-basins-in-order", "GET /v1/basins lists basins by name, ascending", c -> {
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        made.add(c.newBasin());
      }
      ListBasinsResponse page = c.basinsApi().listBasins(made.get(0).substring(0, made.get(0).length() - 4), null, null);
      List<String> names = page.getBasins().stream().map(BasinInfo::getName).toList();
      check(names.containsAll(made), "the listing " + names + " contains " + made);
      List<String> sorted = new ArrayList<>(names);
      java.util.Collections.sort(sorted);
      equal(names, sorted, "listing order");
    });

    s.add(a, "list-paginates-with-limit-and-start-after", "limit and start_after page through basins; has_more until the last page", c -> {
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        made.add(c.newBasin());
      }
      String prefix = made.get(0).substring(0, made.get(0).length() - 4);
      List<String> seen = new ArrayList<>();
      String after = "";
      boolean more = true;
      for (int page = 0; more && page < 200; page++) {
        Res r = c.account("GET", "/v1/basins?prefix=" + prefix + "&limit=3&start_after=" + after).send().status(200);
        JsonNode basins = r.at("/basins");
        check(basins.size() <= 3, "a page holds at most limit=3 basins, got " + basins.size());
        basins.forEach(x -> seen.add(x.path("name").asText()));
        more = r.at("/has_more").asBoolean();
        check(!more || basins.size() == 3, "a page with has_more is full");
        after = seen.isEmpty() ? "" : seen.get(seen.size() - 1);
      }
      check(seen.containsAll(made), "pages " + seen + " contain every basin " + made);
      equal(seen.size(), new java.util.HashSet<>(seen).size(), "no basin twice across pages");
    });

    s.add(a, "list-has-more-false-on-exact-last-page", "a page holding exactly the remaining basins has has_more false", c -> {
      String b = c.newBasin();
      c.account("GET", "/v1/basins?prefix=" + b + "&limit=1").send().status(200)
          .json("/basins/0/name", "'" + b + "'").json("/has_more", "false");
    });

    s.add(a, "list-prefix-filters", "prefix returns only basins starting with it", c -> {
      String b = c.newBasin();
      Res r = c.account("GET", "/v1/basins?prefix=" + b).send().status(200);
      equal(r.at("/basins").size(), 1, "basins listed for prefix " + b);
      c.account("GET", "/v1/basins?prefix=" + b + "x").send().status(200).json("/basins", "[]").json("/has_more", "false");
    });

    s.add(a, "list-limit-zero-means-default", "limit=0 is accepted (it means 1000)", c ->
        c.account("GET", "/v1/basins?prefix=" + c.basinName() + "&limit=0").send().status(200));

    s.add(a, "list-limit-over-1000-is-accepted", "limit=5000 is accepted (capped to 1000)", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/basins?prefix=" + c.basinName() + "&limit=5000").send().status(200));

    s.add(a, "list-negative-limit-is-400", "limit=-1 is 400 bad_query", c ->
        c.account("GET", "/v1/basins?limit=-1").send().error(400, "bad_query"));

    s.add(a, "list-invalid-prefix-is-400", "an uppercase prefix is 400 bad_query", c ->
        c.account("GET", "/v1/basins?prefix=ABC").send().error(400, "bad_query"));

    s.add(a, "list-ignores-unknown-query-parameters", "unknown query parameters are ignored", c ->
        c.account("GET", "/v1/basins?prefix=" + c.basinName() + "&colour=blue").send().status(200));

    s.add(a, "list-shows-deleting-basin", "a basin being deleted is listed with deleted_at and state deleting", Suite.SELF_HOSTED, c -> {
      String b = c.newBasin();
      c.newStream(b, (dev.s2lite.openapi.client.model.StreamConfig) null);
      c.account("DELETE", "/v1/basins/" + b).send().status(202);
      Res r = c.account("GET", "/v1/basins?prefix=" + b).send().status(200);
      if (r.at("/basins").isEmpty()) {
        c.skip("the deletion finished before the listing");
      }
      check(!r.at("/basins/0/deleted_at").isNull(), "deleted_at is set: " + r.text());
      r.json("/basins/0/state", "'deleting'");
    });

    s.add(a, "generated-client-round-trip", "the generated client creates, reads back and deletes a basin config", c -> {
      String b = c.newBasin(new BasinConfig().createStreamOnRead(true));
      BasinConfig config = c.basinsApi().getBasinConfig(b);
      equal(config.getCreateStreamOnRead(), true, "create_stream_on_read");
      equal(config.getCreateStreamOnAppend(), false, "create_stream_on_append");
      c.basinsApi().deleteBasin(b);
    });
  }
}
