package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.ApiResponse;
import dev.s2lite.openapi.client.model.CreateStreamRequest;
import dev.s2lite.openapi.client.model.ListStreamsResponse;
import dev.s2lite.openapi.client.model.StreamInfo;
import java.util.ArrayList;
import java.util.List;

/** REFERENCE 6.13-6.18, 8: the stream control plane. */
public final class StreamCases {

  private StreamCases() {}

  /** Deletion finishes in the background: a stream being deleted is 409, one whose deletion finished 404. */
  static void pendingOrGone(Res r) {
    if (r.status() == 404) {
      r.error(404, "stream_not_found");
    } else {
      r.error(409, "stream_deletion_pending");
    }
  }

  static String pad(String name, int bytes) {
    return name + "m".repeat(bytes - name.length());
  }

  public static void register(Suite s) {
    String a = "streams";

    s.add(a, "create-returns-201-created-with-info", "POST /v1/streams answers 201 created and StreamInfo with cipher null", c -> {
      String b = c.basin();
      String name = c.streamName();
      ApiResponse<StreamInfo> r = c.streamsApi(b).createStreamWithHttpInfo(
          new CreateStreamRequest().stream(name), c.basinHeader(b), null);
      equal(r.getStatusCode(), 201, "status");
      equal(r.getHeaders().get("s2-provision-result"), List.of("created"), "s2-provision-result");
      equal(r.getData().getName(), name, "name");
      equal(r.getData().getCipher(), null, "cipher");
      equal(r.getData().getDeletedAt(), null, "deleted_at");
    });

    s.add(a, "create-existing-is-409", "creating a stream twice without a token is 409 resource_already_exists", c -> {
      String st = c.newStream();
      c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + st + "'}").send().error(409, "resource_already_exists");
    });

    s.add(a, "create-replay-with-token-is-noop", "the same token and config replays a stream create: 201 noop", c -> {
      String st = c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").header("s2-request-token", "t1").json("{'stream': '" + st + "'}").send().status(201);
      c.in(c.basin(), "POST", "/v1/streams").header("s2-request-token", "t1").json("{'stream': '" + st + "'}").send()
          .status(201).header("s2-provision-result", "noop");
    });

    s.add(a, "create-other-token-is-409", "another token for an existing stream is 409 resource_already_exists", c -> {
      String st = c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").header("s2-request-token", "t1").json("{'stream': '" + st + "'}").send().status(201);
      c.in(c.basin(), "POST", "/v1/streams").header("s2-request-token", "t2").json("{'stream': '" + st + "'}").send()
          .error(409, "resource_already_exists");
    });

    s.add(a, "create-replay-ignores-changed-basin-defaults", "a create replay still matches after the basin's defaults changed", c -> {
      String b = c.newBasin();
      String st = c.streamName();
      c.in(b, "POST", "/v1/streams").header("s2-request-token", "t").json("{'stream': '" + st + "', 'config': {}}").send().status(201);
      c.account("PATCH", "/v1/basins/" + b).json("{'default_stream_config': {'storage_class': 'standard'}}").send().status(200);
      c.in(b, "POST", "/v1/streams").header("s2-request-token", "t").json("{'stream': '" + st + "', 'config': {}}").send()
          .status(201).header("s2-provision-result", "noop");
    });

    s.add(a, "create-in-missing-basin-is-404", "creating a stream in a missing basin is 404 basin_not_found", c ->
        c.in(c.basinName(), "POST", "/v1/streams").json("{'stream': 'x'}").send().error(404, "basin_not_found"));

    s.add(a, "create-empty-name-is-400", "an empty stream name is 400 bad_json", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': ''}").send().error(400, "bad_json"));

    s.add(a, "create-dot-names-are-400", "stream names . and .. are 400 bad_json", c -> {
      c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '.'}").send().error(400, "bad_json");
      c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '..'}").send().error(400, "bad_json");
    });

    s.add(a, "create-513-byte-name-is-400", "a stream name over 512 bytes is 400 bad_json", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + "n".repeat(513) + "'}").send().error(400, "bad_json"));

    s.add(a, "create-512-byte-name-is-accepted", "a stream name of exactly 512 bytes is accepted", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + pad(c.streamName(), 512) + "'}").send().status(201));

    s.add(a, "create-name-with-nul-is-400", "a stream name holding NUL is 400 bad_json (s2-lite 0.43)", c ->
        c.in(c.basin(), "POST", "/v1/streams").jsonExact("{\"stream\": \"a\\u0000b" + c.streamName() + "\"}").send()
            .error(400, "bad_json"));

    s.add(a, "create-name-with-tab-slash-unicode-is-accepted", "slashes, tabs and non-ASCII are fine in stream names", c -> {
      String name = "orders/eu\tné-" + c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").jsonExact("{\"stream\": " + dev.s2lite.conformance.Json.string(name) + "}")
          .send().status(201);
      c.stream(c.basin(), name, "GET", "").send().status(200);
    });

    s.add(a, "create-without-s2-basin-is-400", "a /v1/streams request without S2-Basin is 400 bad_header", Suite.SELF_HOSTED, c ->
        c.account("POST", "/v1/streams").json("{'stream': 'x'}").send().error(400, "bad_header")
            .messageContains("s2-basin"));

    s.add(a, "invalid-s2-basin-is-400", "an invalid S2-Basin is 400 bad_header", Suite.SELF_HOSTED, c ->
        c.account("GET", "/v1/streams").header("s2-basin", "NOT_VALID").send().error(400, "bad_header"));

    s.add(a, "get-config-is-fully-resolved", "GET /v1/streams/{s} answers every field, resolved with the defaults", c -> {
      String st = c.newStream();
      c.stream(c.basin(), st, "GET", "").send().status(200).json("", "{'storage_class': 'express', "
          + "'retention_policy': {'age': 604800}, 'timestamping': {'mode': 'client-prefer', 'uncapped': false}, "
          + "'delete_on_empty': {'min_age_secs': 0}}");
    });

    s.add(a, "get-config-missing-is-404", "GET config of a missing stream is 404 stream_not_found", c ->
        c.stream(c.basin(), c.streamName(), "GET", "").send().error(404, "stream_not_found"));

    s.add(a, "get-config-missing-basin-is-stream-not-found", "GET config in a missing basin is 404 stream_not_found", Suite.SELF_HOSTED, c ->
        c.stream(c.basinName(), "x", "GET", "").send().error(404, "stream_not_found"));

    s.add(a, "name-with-encoded-slash-round-trips", "a name with / sent as %2F is one stream", c -> {
      String name = "a/b/" + c.streamName();
      c.in(c.basin(), "POST", "/v1/streams").jsonExact("{\"stream\": \"" + name + "\"}").send().status(201);
      c.in(c.basin(), "GET", "/v1/streams/" + name.replace("/", "%2F")).send().status(200);
    });

    s.add(a, "ensure-creates-201", "PUT of a missing stream creates it: 201 created", c ->
        c.stream(c.basin(), c.streamName(), "PUT", "").send().status(201).header("s2-provision-result", "created"));

    s.add(a, "ensure-same-config-is-noop", "PUT with the same config is 200 noop", c -> {
      String st = c.newStream(c.basin(), "{'storage_class': 'standard'}");
      c.stream(c.basin(), st, "PUT", "").json("{'storage_class': 'standard'}").send().status(200)
          .header("s2-provision-result", "noop");
    });

    s.add(a, "ensure-other-config-is-updated", "PUT with another config is 200 updated", c -> {
      String st = c.newStream();
      c.stream(c.basin(), st, "PUT", "").json("{'retention_policy': {'infinite': {}}}").send().status(200)
          .header("s2-provision-result", "updated");
      c.stream(c.basin(), st, "GET", "").send().json("/retention_policy", "{'infinite': {}}");
    });

    s.add(a, "ensure-resets-unspecified-fields", "PUT resets unspecified fields to the basin's defaults", c -> {
      String st = c.newStream(c.basin(), "{'storage_class': 'standard', 'retention_policy': {'age': 60}}");
      c.stream(c.basin(), st, "PUT", "").json("{'timestamping': {'mode': 'arrival'}}").send().status(200);
      c.stream(c.basin(), st, "GET", "").send().json("/storage_class", "'express'")
          .json("/retention_policy", "{'age': 604800}").json("/timestamping/mode", "'arrival'");
    });

    s.add(a, "ensure-bare-config-body", "the PUT body is a bare StreamConfig (not wrapped)", c ->
        c.stream(c.basin(), c.streamName(), "PUT", "").json("{'storage_class': 'standard'}").send().status(201));

    s.add(a, "ensure-in-missing-basin-is-404", "PUT of a stream in a missing basin is 404 basin_not_found", c ->
        c.stream(c.basinName(), "x", "PUT", "").send().error(404, "basin_not_found"));

    s.add(a, "reconfigure-updates-selected-fields", "PATCH changes only the given fields and answers the config", c -> {
      String st = c.newStream();
      c.stream(c.basin(), st, "PATCH", "").json("{'retention_policy': {'infinite': {}}, 'timestamping': {'uncapped': true}}")
          .send().status(200).json("/retention_policy", "{'infinite': {}}").json("/timestamping/uncapped", "true")
          .json("/timestamping/mode", "'client-prefer'").json("/storage_class", "'express'");
    });

    s.add(a, "reconfigure-nulls-reinherit-basin-defaults", "PATCH nulls make fields re-inherit the basin's current defaults", c -> {
      String b = c.newBasin("{'default_stream_config': {'storage_class': 'standard', 'retention_policy': {'infinite': {}},"
          + " 'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 300}}}");
      String st = c.newStream(b, "{'storage_class': 'express', 'retention_policy': {'age': 60}, "
          + "'timestamping': {'mode': 'client-require', 'uncapped': false}, 'delete_on_empty': {'min_age_secs': 0}}");
      Res r = c.stream(b, st, "PATCH", "").json("{'storage_class': null, 'retention_policy': null, "
          + "'timestamping': {'mode': null, 'uncapped': null}, 'delete_on_empty': {'min_age_secs': null}}").send().status(200);
      r.json("", "{'storage_class': 'standard', 'retention_policy': {'infinite': {}}, "
          + "'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 300}}");
      c.stream(b, st, "GET", "").send().json("", r.text().replace('"', '\''));
    });

    s.add(a, "reconfigure-missing-is-404", "PATCH of a missing stream is 404 stream_not_found", c ->
        c.stream(c.basin(), c.streamName(), "PATCH", "").json("{}").send().error(404, "stream_not_found"));

    s.add(a, "reconfigure-zero-retention-is-422", "PATCH retention age 0 is 422 invalid", c ->
        c.stream(c.basin(), c.newStream(), "PATCH", "").json("{'retention_policy': {'age': 0}}").send().error(422, "invalid"));

    s.add(a, "reconfigure-takes-effect-for-next-append", "after PATCH mode client-require, an append without timestamp is 422", c -> {
      String st = c.newStream();
      c.stream(c.basin(), st, "PATCH", "").json("{'timestamping': {'mode': 'client-require'}}").send().status(200);
      c.records(c.basin(), st, "POST", "").json("{'records': [{'body': 'x'}]}").send().error(422, "invalid");
    });

    s.add(a, "ensure-takes-effect-for-next-append", "after PUT mode client-require, an append without timestamp is 422", c -> {
      String st = c.newStream();
      c.stream(c.basin(), st, "PUT", "").json("{'timestamping': {'mode': 'client-require'}}").send().status(200);
      c.records(c.basin(), st, "POST", "").json("{'records': [{'body': 'x'}]}").send().error(422, "invalid");
    });

    s.add(a, "delete-is-202-empty", "DELETE /v1/streams/{s} answers 202 with an empty body", c ->
        c.stream(c.basin(), c.newStream(), "DELETE", "").send().status(202).emptyBody());

    s.add(a, "delete-missing-is-404", "DELETE of a missing stream is 404 stream_not_found", c ->
        c.stream(c.basin(), c.streamName(), "DELETE", "").send().error(404, "stream_not_found"));

    s.add(a, "deleted-stream-blocks-operations", "a stream being deleted: config, append, read, tail, create are 409 stream_deletion_pending (404 once gone)", c -> {
      String st = c.newStream();
      c.appendBodies(c.basin(), st, "x");
      c.stream(c.basin(), st, "DELETE", "").send().status(202);
      Res config = c.stream(c.basin(), st, "GET", "").send();
      if (config.status() == 404) {
        c.skip("the deletion finished before it could be observed");
      }
      config.error(409, "stream_deletion_pending");
      pendingOrGone(c.records(c.basin(), st, "POST", "").json("{'records': [{'body': 'y'}]}").send());
      pendingOrGone(c.read(c.basin(), st, "?seq_num=0"));
      pendingOrGone(c.tail(c.basin(), st));
      Res create = c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + st + "'}").send();
      if (create.status() != 201) {
        create.error(409, "stream_deletion_pending");
      }
    });

    s.add(a, "list-shows-streams-in-order", "GET /v1/streams lists streams by name, ascending", c -> {
      String b = c.newBasin();
      List<String> made = new ArrayList<>(List.of("b-stream", "a-stream", "c/stream"));
      for (String m : made) {
        c.in(b, "POST", "/v1/streams").json("{'stream': '" + m + "'}").send().status(201);
      }
      ListStreamsResponse page = c.streamsApi(b).listStreams(c.basinHeader(b), null, null, null);
      equal(page.getStreams().stream().map(StreamInfo::getName).toList(), List.of("a-stream", "b-stream", "c/stream"), "names");
      equal(page.getHasMore(), false, "has_more");
    });

    s.add(a, "list-empty-basin", "an empty basin lists no streams, has_more false", c ->
        c.in(c.newBasin(), "GET", "/v1/streams").send().status(200).json("", "{'streams': [], 'has_more': false}"));

    s.add(a, "list-paginates", "12 streams with limit 5 come in pages 5/5/2, has_more true/true/false", c -> {
      String b = c.newBasin();
      for (int i = 0; i < 12; i++) {
        c.in(b, "POST", "/v1/streams").json("{'stream': 's" + String.format("%02d", i) + "'}").send().status(201);
      }
      String after = "";
      int[] sizes = new int[3];
      boolean[] more = new boolean[3];
      for (int p = 0; p < 3; p++) {
        Res r = c.in(b, "GET", "/v1/streams?limit=5&start_after=" + after).send().status(200);
        JsonNode streams = r.at("/streams");
        sizes[p] = streams.size();
        more[p] = r.at("/has_more").asBoolean();
        after = streams.get(streams.size() - 1).path("name").asText();
      }
      equal(java.util.Arrays.toString(sizes), "[5, 5, 2]", "page sizes");
      equal(java.util.Arrays.toString(more), "[true, true, false]", "has_more");
    });

    s.add(a, "list-prefix-filters", "prefix returns only the matching streams", c -> {
      String b = c.newBasin();
      for (String n : new String[] {"app/a", "app/b", "other"}) {
        c.in(b, "POST", "/v1/streams").json("{'stream': '" + n + "'}").send().status(201);
      }
      Res r = c.in(b, "GET", "/v1/streams?prefix=app%2F").send().status(200);
      equal(r.at("/streams").size(), 2, "streams with prefix app/");
    });

    s.add(a, "list-missing-basin-is-404", "listing the streams of a missing basin is 404 basin_not_found (s2-lite 0.43)", c ->
        c.in(c.basinName(), "GET", "/v1/streams").send().error(404, "basin_not_found"));

    s.add(a, "list-shows-deleting-stream", "a stream being deleted is listed with deleted_at set", Suite.SELF_HOSTED, c -> {
      String b = c.newBasin();
      c.in(b, "POST", "/v1/streams").json("{'stream': 'doomed'}").send().status(201);
      c.appendBodies(b, "doomed", "x");
      c.stream(b, "doomed", "DELETE", "").send().status(202);
      Res r = c.in(b, "GET", "/v1/streams").send().status(200);
      if (r.at("/streams").isEmpty()) {
        c.skip("the deletion finished before the listing");
      }
      check(!r.at("/streams/0/deleted_at").isNull(), "deleted_at is set: " + r.text());
    });

    s.add(a, "list-prefix-with-nul-is-400", "a stream prefix holding NUL is 400 bad_query (s2-lite 0.43)", c ->
        c.in(c.basin(), "GET", "/v1/streams?prefix=a%00b").send().error(400, "bad_query"));

    s.add(a, "list-prefix-over-512-bytes-is-400", "a stream prefix over 512 bytes is 400 bad_query", c ->
        c.in(c.basin(), "GET", "/v1/streams?prefix=" + "p".repeat(513)).send().error(400, "bad_query"));
  }
}
