package dev.s2lite.conformance.cases;

import static dev.s2lite.conformance.CaseContext.check;
import static dev.s2lite.conformance.CaseContext.equal;
import static dev.s2lite.conformance.cases.AccessTokenCases.issue;
import static dev.s2lite.conformance.cases.AccessTokenCases.issueBody;

import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.Res;
import dev.s2lite.conformance.Suite;
import dev.s2lite.conformance.TargetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bearer tokens checked as the S2 cloud checks them, and as the emulator does with {@code --auth}:
 * for each operation group and resource set a token allowed and a token refused, revocation,
 * expiry, {@code auto_prefix_streams}. Every case runs on the target's token-checking server
 * ({@link CaseContext#tokenChecking()}: the cloud itself, a second embedded emulator started with
 * {@code --auth}, or {@code --auth-endpoint}), and is skipped where there is none.
 */
public final class AuthCases {

  private AuthCases() {}

  /** A command record that fences the stream with token {@code tok}. */
  private static final String FENCE = "[{'headers': [['', 'fence']], 'body': 'tok'}]";

  private static Res append(CaseContext c, String basin, String stream, String recordsJson) {
    return c.records(basin, stream, "POST", "").json("{'records': " + recordsJson + "}").send();
  }

  /** A batch of one trim command record to seq_num 1 (base64: the header value `trim`, the body u64 1). */
  private static Res trim(CaseContext c, String basin, String stream) {
    return c.records(basin, stream, "POST", "").header("s2-format", "base64")
        .json("{'records': [{'headers': [['', 'dHJpbQ==']], 'body': 'AAAAAAAAAAE='}]}").send();
  }

  private static List<String> names(Res listing, String key) {
    List<String> out = new ArrayList<>();
    listing.at("/" + key).forEach(item -> out.add(item.path("name").asText()));
    return out;
  }

  /** A basin with streams {@code events} and {@code logs/app} on the token-checking server. */
  private static String basinWithStreams(CaseContext root) {
    String basin = root.newBasin();
    root.in(basin, "POST", "/v1/streams").json("{'stream': 'events'}").send().status(201);
    root.in(basin, "POST", "/v1/streams").json("{'stream': 'logs/app'}").send().status(201);
    return basin;
  }

  private static final String DENIED = "permission_denied";

  public static void register(Suite s) {
    String a = "auth";

    s.add(a, "no-token-is-401", "a request without a bearer token is 401 authn", Suite.CLOUD_AND_EMULATOR, c ->
        c.tokenChecking().as(null).account("GET", "/v1/basins?prefix=" + c.basinName()).send().error(401, "authn"));

    s.add(a, "basic-authorization-is-401", "an Authorization header that is not Bearer is 401 authn",
        Suite.CLOUD_AND_EMULATOR, c ->
            c.tokenChecking().as(null).account("GET", "/v1/basins?prefix=" + c.basinName())
                .header("authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").send().error(401, "authn"));

    s.add(a, "unknown-token-is-403", "a token nobody issued is 403 permission_denied", Suite.CLOUD_AND_EMULATOR, c ->
        c.tokenChecking().as("not-issued-" + UUID.randomUUID()).account("GET", "/v1/basins?prefix=" + c.basinName())
            .send().error(403, DENIED));

    s.add(a, "account-read-group", "op_groups.account.read lists basins and reads their config, and creates none",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = root.newBasin();
          CaseContext reader = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'op_groups': {'account': {'read': true}}}"));
          equal(names(reader.account("GET", "/v1/basins?prefix=" + basin).send().status(200), "basins"),
              List.of(basin), "listed basins");
          reader.account("GET", "/v1/basins/" + basin).send().status(200);
          reader.account("PATCH", "/v1/basins/" + basin).json("{}").send().error(403, DENIED);
        });

    s.add(a, "account-write-group", "op_groups.account.write creates, reconfigures and deletes basins, and lists none",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = c.basinName();
          CaseContext writer = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'op_groups': {'account': {'write': true}}}"));
          c.created(basin);
          writer.account("POST", "/v1/basins").json("{'basin': '" + basin + "'}").send().status(201);
          writer.account("PATCH", "/v1/basins/" + basin).json("{'create_stream_on_append': true}").send().status(200);
          writer.account("GET", "/v1/basins?prefix=" + basin).send().error(403, DENIED);
          writer.account("DELETE", "/v1/basins/" + basin).send().status(202);
        });

    s.add(a, "basin-read-group", "op_groups.basin.read lists streams and reads their config, and creates none",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext reader = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'op_groups': {'basin': {'read': true}}}"));
          equal(names(reader.in(basin, "GET", "/v1/streams").send().status(200), "streams"),
              List.of("events", "logs/app"), "listed streams");
          reader.stream(basin, "events", "GET", "").send().status(200);
          reader.in(basin, "POST", "/v1/streams").json("{'stream': 'new'}").send().error(403, DENIED);
        });

    s.add(a, "basin-write-group", "op_groups.basin.write creates, reconfigures and deletes streams, and lists none",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext writer = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'op_groups': {'basin': {'write': true}}}"));
          writer.in(basin, "POST", "/v1/streams").json("{'stream': 'new'}").send().status(201);
          writer.stream(basin, "new", "PATCH", "").json("{}").send().status(200);
          writer.stream(basin, "new", "DELETE", "").send().status(202);
          writer.in(basin, "GET", "/v1/streams").send().error(403, DENIED);
        });

    s.add(a, "stream-read-group", "op_groups.stream.read reads and checks the tail, and appends nothing",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          append(root, basin, "events", "[{'body': 'one'}]").status(200);
          CaseContext reader = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'op_groups': {'stream': {'read': true}}}"));
          reader.read(basin, "events", "?seq_num=0").status(200).bodies("one");
          reader.tail(basin, "events").status(200);
          append(reader, basin, "events", "[{'body': 'two'}]").error(403, DENIED);
        });

    s.add(a, "stream-write-group", "op_groups.stream.write appends records and commands, and reads nothing",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext writer = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'op_groups': {'stream': {'write': true}}}"));
          append(writer, basin, "events", "[{'body': 'one'}]").status(200);
          append(writer, basin, "events", FENCE).status(200);
          writer.read(basin, "events", "?seq_num=0").error(403, DENIED);
          writer.tail(basin, "events").error(403, DENIED);
        });

    s.add(a, "commands-need-their-own-operation", "with ops [append] plain records append, fence and trim commands are 403",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext appender = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'ops': ['append']}"));
          CaseContext trimmer = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': ''}, 'ops': ['trim']}"));
          append(appender, basin, "events", "[{'body': 'plain'}]").status(200);
          append(appender, basin, "events", FENCE).error(403, DENIED);
          trim(appender, basin, "events").error(403, DENIED);
          trim(trimmer, basin, "events").status(200);
          append(trimmer, basin, "events", "[{'body': 'plain'}]").error(403, DENIED);
        });

    s.add(a, "exact-basin-scope", "an exact basin scope allows that basin only, and lists only it",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String mine = basinWithStreams(root);
          String other = basinWithStreams(root);
          CaseContext token = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + mine + "'},"
              + " 'streams': {'prefix': ''}, 'op_groups': {'account': {'read': true}, 'basin': {'read': true}}}"));
          token.account("GET", "/v1/basins/" + mine).send().status(200);
          token.account("GET", "/v1/basins/" + other).send().error(403, DENIED);
          token.in(other, "GET", "/v1/streams").send().error(403, DENIED);
          String runPrefix = mine.substring(0, mine.lastIndexOf('-') + 1);
          equal(names(token.account("GET", "/v1/basins?prefix=" + runPrefix).send().status(200), "basins"),
              List.of(mine), "listed basins");
        });

    s.add(a, "prefix-stream-scope", "a stream prefix scope allows matching streams only, and lists only them",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext token = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + basin + "'},"
              + " 'streams': {'prefix': 'logs/'}, 'op_groups': {'basin': {'read': true, 'write': true},"
              + " 'stream': {'read': true, 'write': true}}}"));
          append(token, basin, "logs/app", "[{'body': 'x'}]").status(200);
          append(token, basin, "events", "[{'body': 'x'}]").error(403, DENIED);
          token.in(basin, "POST", "/v1/streams").json("{'stream': 'logs/db'}").send().status(201);
          token.in(basin, "POST", "/v1/streams").json("{'stream': 'metrics'}").send().error(403, DENIED);
          equal(names(token.in(basin, "GET", "/v1/streams").send().status(200), "streams"),
              List.of("logs/app", "logs/db"), "listed streams");
        });

    s.add(a, "revocation-takes-effect-at-once", "a revoked token's next request is 403", Suite.CLOUD_AND_EMULATOR, c -> {
      CaseContext root = c.tokenChecking();
      String basin = root.newBasin();
      String id = c.tokenId();
      CaseContext token = root.as(issue(root, id, "{'basins': {'exact': '" + basin + "'}, 'ops': ['list-basins']}"));
      token.account("GET", "/v1/basins?prefix=" + basin).send().status(200);
      root.account("DELETE", "/v1/access-tokens/" + id).send().status(204);
      token.account("GET", "/v1/basins?prefix=" + basin).send().error(403, DENIED);
    });

    s.add(a, "expired-token-is-refused", "a token past its expires_at is 403 (the emulator: its clock moved by the admin API)",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = root.newBasin();
          boolean clockControl = root.kind() == TargetKind.EMULATOR && root.target().disposable();
          Instant now = clockControl
              ? Instant.parse(root.account("GET", "/_emulator/clock").send().status(200).textAt("/now"))
              : Instant.now();
          Duration life = clockControl ? Duration.ofHours(1) : Duration.ofSeconds(3);
          CaseContext token = root.as(issueBody(root, "{'id': '" + c.tokenId() + "', 'expires_at': '"
              + now.plus(life) + "', 'scope': {'basins': {'exact': '" + basin + "'}, 'ops': ['list-basins']}}"));
          token.account("GET", "/v1/basins?prefix=" + basin).send().status(200);
          if (clockControl) {
            AdminCases.movingTheClock(root, () -> {
              root.account("POST", "/_emulator/clock/advance").json("{'by': '1h1s'}").send().status(200);
              token.account("GET", "/v1/basins?prefix=" + basin).send().error(403, DENIED);
            });
          } else {
            Thread.sleep(life.plusSeconds(2).toMillis());
            token.account("GET", "/v1/basins?prefix=" + basin).send().error(403, DENIED);
          }
        });

    s.add(a, "auto-prefix-streams", "an auto_prefix_streams token names streams inside its prefix, and sees them without it",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = basinWithStreams(root);
          CaseContext tenant = root.as(issueBody(root, "{'id': '" + c.tokenId() + "', 'auto_prefix_streams': true,"
              + " 'scope': {'basins': {'exact': '" + basin + "'}, 'streams': {'prefix': 'tenant-a/'},"
              + " 'op_groups': {'basin': {'read': true, 'write': true}, 'stream': {'read': true, 'write': true}}}}"));
          equal(tenant.in(basin, "POST", "/v1/streams").json("{'stream': 'orders'}").send().status(201)
              .textAt("/name"), "orders", "the created stream's name");
          append(tenant, basin, "orders", "[{'body': 'first'}]").status(200);
          tenant.read(basin, "orders", "?seq_num=0").status(200).bodies("first");
          equal(names(tenant.in(basin, "GET", "/v1/streams?prefix=ord").send().status(200), "streams"),
              List.of("orders"), "streams the tenant lists");
          check(names(root.in(basin, "GET", "/v1/streams").send().status(200), "streams").contains("tenant-a/orders"),
              "the stream is stored as tenant-a/orders");
          root.read(basin, "tenant-a/orders", "?seq_num=0").status(200).bodies("first");
          tenant.stream(basin, "events", "GET", "").send().error(404, "stream_not_found");
        });

    s.add(a, "no-wider-tokens", "a token issues narrower tokens, not ones with more operations, resources or ids, and lists only its own",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String basin = root.newBasin();
          String manager = c.tokenId();
          CaseContext m = root.as(issue(root, manager, "{'basins': {'prefix': '" + basin + "'}, 'access_tokens':"
              + " {'prefix': '" + manager + "/'}, 'ops': ['issue-access-token', 'list-basins', 'list-access-tokens',"
              + " 'revoke-access-token']}"));
          CaseContext child = m.as(issue(m, manager + "/child", "{'basins': {'exact': '" + basin + "'}, 'ops': ['list-basins']}"));
          child.account("GET", "/v1/basins?prefix=" + basin).send().status(200);
          m.account("POST", "/v1/access-tokens").json("{'id': '" + manager + "/wide', 'scope': {'basins': {'prefix': ''},"
              + " 'ops': ['list-basins']}}").send().error(403, DENIED);
          m.account("POST", "/v1/access-tokens").json("{'id': '" + manager + "/more', 'scope': {'basins': {'prefix': '"
              + basin + "'}, 'ops': ['create-basin']}}").send().error(403, DENIED);
          m.account("POST", "/v1/access-tokens").json("{'id': '" + c.tokenId() + "', 'scope': {'basins': {'exact': '"
              + basin + "'}, 'ops': ['list-basins']}}").send().error(403, DENIED);
          equal(AccessTokenCases.ids(m.account("GET", "/v1/access-tokens").send().status(200)),
              List.of(manager + "/child"), "tokens the manager lists");
          m.account("DELETE", "/v1/access-tokens/" + manager).send().error(403, DENIED);
          m.account("DELETE", "/v1/access-tokens/" + CaseContext.encode(manager + "/child")).send().status(204);
        });

    s.add(a, "metrics-need-their-operation", "basin and stream metrics need their operation and the resource in scope",
        Suite.CLOUD_AND_EMULATOR, c -> {
          CaseContext root = c.tokenChecking();
          String mine = basinWithStreams(root);
          String other = root.newBasin();
          CaseContext token = root.as(issue(root, c.tokenId(), "{'basins': {'exact': '" + mine + "'},"
              + " 'streams': {'prefix': ''}, 'ops': ['basin-metrics', 'stream-metrics']}"));
          String range = MetricsCases.range();
          token.account("GET", "/v1/metrics/" + mine + "?set=append-ops" + range).send().status(200);
          token.account("GET", "/v1/metrics/" + mine + "/events?set=storage" + range).send().status(200);
          token.account("GET", "/v1/metrics/" + other + "?set=append-ops" + range).send().error(403, DENIED);
          token.account("GET", "/v1/metrics?set=account-ops" + range).send().error(403, DENIED);
        });

    s.add(a, "test-control-needs-no-token", "the emulator's /_emulator routes answer without a token when tokens are checked",
        Suite.EMULATOR_ONLY, c -> {
          Res clock = c.tokenChecking().as(null).account("GET", "/_emulator/clock").send().status(200);
          check(clock.at("/now").isTextual(), "the clock answers: " + clock.text());
        });

    s.add(a, "health-needs-no-token", "/health answers without a token when tokens are checked", Suite.EMULATOR_ONLY, c ->
        equal(c.tokenChecking().as(null).account("GET", "/health").send().status(200).text(), "OK", "body"));
  }
}
