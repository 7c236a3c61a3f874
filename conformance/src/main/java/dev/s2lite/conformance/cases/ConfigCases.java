package dev.s2lite.conformance.cases;

import dev.s2lite.conformance.Suite;
import dev.s2lite.openapi.client.model.RetentionPolicy;
import dev.s2lite.openapi.client.model.StreamConfig;
import dev.s2lite.openapi.client.model.TimestampingConfig;
import dev.s2lite.openapi.client.model.TimestampingMode;
import java.util.Map;

/** REFERENCE 9 and LITE-0.43 4.2: stream configuration, defaults, inheritance. */
public final class ConfigCases {

  private ConfigCases() {}

  public static void register(Suite s) {
    String a = "config";

    s.add(a, "stream-inherits-basin-defaults", "a stream created without config takes the basin's defaults", c -> {
      String b = c.newBasin("{'default_stream_config': {'storage_class': 'standard', 'retention_policy': {'infinite': {}},"
          + " 'timestamping': {'mode': 'client-require'}}}");
      String st = c.newStream(b, (StreamConfig) null);
      c.stream(b, st, "GET", "").send().status(200).json("/storage_class", "'standard'")
          .json("/retention_policy", "{'infinite': {}}").json("/timestamping/mode", "'client-require'")
          .json("/timestamping/uncapped", "false");
    });

    s.add(a, "stream-value-beats-basin-default", "a stream-level value wins over the basin default, field by field", c -> {
      String b = c.newBasin("{'default_stream_config': {'timestamping': {'mode': 'arrival', 'uncapped': true}}}");
      String st = c.newStream(b, "{'timestamping': {'mode': 'client-prefer'}}");
      c.stream(b, st, "GET", "").send().json("/timestamping", "{'mode': 'client-prefer', 'uncapped': true}");
    });

    s.add(a, "basin-default-changes-do-not-reach-existing-streams", "changing basin defaults leaves existing streams' configs alone", c -> {
      String b = c.newBasin();
      String st = c.newStream(b, (StreamConfig) null);
      c.account("PATCH", "/v1/basins/" + b).json("{'default_stream_config': {'storage_class': 'standard'}}").send().status(200);
      c.stream(b, st, "GET", "").send().json("/storage_class", "'express'");
    });

    s.add(a, "storage-class-any-string-is-kept", "storage_class takes any string (\"gold\", \"\", \"Standard\") and echoes it (s2-lite 0.43)", c -> {
      for (String sc : new String[] {"gold", "", "Standard"}) {
        String st = c.newStream(c.basin(), "{'storage_class': '" + sc + "'}");
        c.stream(c.basin(), st, "GET", "").send().status(200).json("/storage_class", "'" + sc + "'");
      }
    });

    s.add(a, "storage-class-number-is-400", "storage_class 5 is 400 bad_json", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + c.streamName() + "', 'config': {'storage_class': 5}}")
            .send().error(400, "bad_json"));

    s.add(a, "unknown-timestamping-mode-is-400", "an unknown timestamping mode is 400 bad_json", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + c.streamName() + "', 'config': {'timestamping': {'mode': 'bogus'}}}")
            .send().error(400, "bad_json"));

    s.add(a, "zero-retention-is-422", "retention age 0 in a stream config is 422 invalid", c ->
        c.in(c.basin(), "POST", "/v1/streams").json("{'stream': '" + c.streamName() + "', 'config': {'retention_policy': {'age': 0}}}")
            .send().error(422, "invalid").messageContains("age must be greater than 0"));

    s.add(a, "delete-on-empty-empty-object-is-zero", "delete_on_empty {} stores min_age_secs 0", c -> {
      String st = c.newStream(c.basin(), "{'delete_on_empty': {}}");
      c.stream(c.basin(), st, "GET", "").send().json("/delete_on_empty", "{'min_age_secs': 0}");
    });

    s.add(a, "explicit-zero-delete-on-empty-beats-basin-default", "an explicit min_age_secs 0 overrides a basin default of 60; re-ensure is a noop", c -> {
      String b = c.newBasin("{'default_stream_config': {'delete_on_empty': {'min_age_secs': 60}}}");
      String st = c.streamName();
      c.stream(b, st, "PUT", "").json("{'delete_on_empty': {'min_age_secs': 0}}").send().status(201);
      c.stream(b, st, "GET", "").send().json("/delete_on_empty", "{'min_age_secs': 0}");
      c.stream(b, st, "PUT", "").json("{'delete_on_empty': {'min_age_secs': 0}}").send().status(200)
          .header("s2-provision-result", "noop");
    });

    s.add(a, "ensure-noop-when-explicit-config-matches", "PUT with the creation's explicit config is a noop though basin defaults differ", c -> {
      String b = c.newBasin("{'default_stream_config': {'storage_class': 'standard'}}");
      String st = c.newStream(b, "{'storage_class': 'express'}");
      c.stream(b, st, "PUT", "").json("{'storage_class': 'express'}").send().status(200).header("s2-provision-result", "noop");
    });

    s.add(a, "basin-ensure-explicit-zero-delete-on-empty-noop", "re-ensuring a basin whose defaults hold delete_on_empty 0 is a noop", c -> {
      String b = c.basinName();
      c.created(b);
      String body = "{'config': {'default_stream_config': {'delete_on_empty': {'min_age_secs': 0}}}}";
      c.account("PUT", "/v1/basins/" + b).json(body).send().status(201);
      c.account("PUT", "/v1/basins/" + b).json(body).send().status(200).header("s2-provision-result", "noop");
      c.account("GET", "/v1/basins/" + b).send().json("/default_stream_config/delete_on_empty", "{'min_age_secs': 0}");
    });

    s.add(a, "generated-client-stream-config", "the generated client's plain-field models create and read a stream config", c -> {
      String st = c.newStream(c.basin(), new StreamConfig()
          .retentionPolicy(new RetentionPolicy().infinite(Map.of()))
          .timestamping(new TimestampingConfig().mode(TimestampingMode.ARRIVAL)));
      StreamConfig got = c.streamsApi(c.basin()).getStreamConfig(st, c.basinHeader(c.basin()));
      dev.s2lite.conformance.CaseContext.equal(got.getTimestamping().getMode(), TimestampingMode.ARRIVAL, "mode");
      dev.s2lite.conformance.CaseContext.check(got.getRetentionPolicy().getInfinite() != null
          && got.getRetentionPolicy().getAge() == null, "retention is infinite: " + got.getRetentionPolicy());
      dev.s2lite.conformance.CaseContext.equal(got.getStorageClass(), "express", "storage_class");
    });

    s.add(a, "basin-stream-cipher-invalid-is-400", "an unknown stream_cipher is 400 bad_json", c ->
        c.account("POST", "/v1/basins").json("{'basin': '" + c.basinName() + "', 'config': {'stream_cipher': 'rot13'}}")
            .send().error(400, "bad_json"));
  }
}
