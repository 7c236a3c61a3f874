package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The basin control plane: REFERENCE §6.1-6.6, §7 and the lite tests of §22.1, over HTTP. */
class BasinAcceptanceTest extends AcceptanceTest {

  private static final String DEFAULT_CONFIG = "{'default_stream_config': null, 'stream_cipher': null,"
      + " 'create_stream_on_append': false, 'create_stream_on_read': false}";

  @Test
  void listOfAnEmptyAccountIsEmptyWithoutMore() {
    assertThat(listBasins("")).isEqualTo(json("{'basins': [], 'has_more': false}"));
  }

  @Test
  void createAnswers201CreatedWithTheBasinInfo() {
    Res res = send(Req.post("/v1/basins").json("{'basin': 'my-basin-1'}"));

    JsonNode info = res.assertJson(201);
    assertThat(res.header("s2-provision-result")).isEqualTo("created");
    assertThat(info.get("name").asText()).isEqualTo("my-basin-1");
    assertThat(info.get("location").isNull()).isTrue();
    assertThat(info.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(info.get("deleted_at").isNull()).isTrue();
    assertThat(info.get("state").asText()).isEqualTo("active");
    assertThat(listBasins("").get("basins")).containsExactly(info);
  }

  @Test
  void aNewBasinWithoutConfigHasTheDefaultConfig() {
    createBasin("my-basin-1");

    assertThat(basinConfig("my-basin-1")).isEqualTo(json(DEFAULT_CONFIG));
  }

  @Test
  void createStoresTheConfigAndGetRendersOnlyBasinLevelFields() {
    createBasin("my-basin-1", "{'default_stream_config': {'storage_class': 'standard',"
        + " 'timestamping': {'mode': 'arrival'}}, 'create_stream_on_append': true}");

    assertThat(basinConfig("my-basin-1")).isEqualTo(json("{'default_stream_config':"
        + " {'storage_class': 'standard', 'retention_policy': null,"
        + " 'timestamping': {'mode': 'arrival', 'uncapped': null}, 'delete_on_empty': null},"
        + " 'stream_cipher': null, 'create_stream_on_append': true, 'create_stream_on_read': false}"));
  }

  @Test
  void createAcceptsAndIgnoresALocation() {
    JsonNode info = send(Req.post("/v1/basins").json("{'basin': 'my-basin-1', 'location': 'aws:us-east-1'}"))
        .assertJson(201);

    assertThat(info.get("location").isNull()).isTrue();
  }

  @Test
  void createOfAnExistingBasinIsResourceAlreadyExists() {
    createBasin("my-basin-1");
    JsonNode before = listBasins("");

    String message = send(Req.post("/v1/basins").json("{'basin': 'my-basin-1'}"))
        .assertError(409, "resource_already_exists");

    assertThat(message).isEqualTo("basin `my-basin-1` already exists");
    assertThat(listBasins("")).isEqualTo(before);
  }

  // 22.1 test_create_basin_idempotency_respects_request_token
  @Test
  void createWithTheSameRequestTokenAndConfigIsANoopReplayAnythingElseConflicts() {
    String config = "{'create_stream_on_read': true}";
    Res first = send(Req.post("/v1/basins").header("s2-request-token", "token-1")
        .json("{'basin': 'my-basin-1', 'config': " + config + "}"));
    first.assertStatus(201);
    assertThat(first.header("s2-provision-result")).isEqualTo("created");

    Res replay = send(Req.post("/v1/basins").header("s2-request-token", "token-1")
        .json("{'basin': 'my-basin-1', 'config': " + config + "}"));
    assertThat(replay.assertJson(201)).isEqualTo(first.json());
    assertThat(replay.header("s2-provision-result")).isEqualTo("noop");

    send(Req.post("/v1/basins").header("s2-request-token", "token-2")
        .json("{'basin': 'my-basin-1', 'config': " + config + "}"))
        .assertError(409, "resource_already_exists");
    send(Req.post("/v1/basins").header("s2-request-token", "token-1")
        .json("{'basin': 'my-basin-1', 'config': {'create_stream_on_read': false}}"))
        .assertError(409, "resource_already_exists");
    send(Req.post("/v1/basins").json("{'basin': 'my-basin-1', 'config': " + config + "}"))
        .assertError(409, "resource_already_exists");
  }

  @Test
  void aBasinCreatedWithoutATokenCanNeverBeReplayCreated() {
    createBasin("my-basin-1");

    send(Req.post("/v1/basins").header("s2-request-token", "token-1").json("{'basin': 'my-basin-1'}"))
        .assertError(409, "resource_already_exists");
  }

  // 22.1 test_ensure_preserves_idempotency_key
  @Test
  void ensureKeepsTheIdempotencyKeyOfTheCreate() {
    send(Req.post("/v1/basins").header("s2-request-token", "token-1")
        .json("{'basin': 'my-basin-1', 'config': {'create_stream_on_append': true}}")).assertStatus(201);

    send(Req.put("/v1/basins/my-basin-1").json("{'config': {'create_stream_on_read': true}}"))
        .assertStatus(200);
    Res replay = send(Req.post("/v1/basins").header("s2-request-token", "token-1")
        .json("{'basin': 'my-basin-1', 'config': {'create_stream_on_append': true}}"));

    replay.assertStatus(201);
    assertThat(replay.header("s2-provision-result")).isEqualTo("noop");
    assertThat(basinConfig("my-basin-1").get("create_stream_on_read").asBoolean()).isTrue();
  }

  @Test
  void ensureOfAMissingBasinCreatesItWith201() {
    Res res = send(Req.put("/v1/basins/my-basin-1").json("{'config': {'create_stream_on_append': true}}"));

    JsonNode info = res.assertJson(201);
    assertThat(res.header("s2-provision-result")).isEqualTo("created");
    assertThat(info.get("name").asText()).isEqualTo("my-basin-1");
    assertThat(info.get("state").asText()).isEqualTo("active");
    assertThat(basinConfig("my-basin-1").get("create_stream_on_append").asBoolean()).isTrue();
  }

  @Test
  void ensureWithoutContentTypeMeansNoBodyAndAllDefaults() {
    Res res = send(Req.put("/v1/basins/my-basin-1"));

    res.assertStatus(201);
    assertThat(res.header("s2-provision-result")).isEqualTo("created");
    assertThat(basinConfig("my-basin-1")).isEqualTo(json(DEFAULT_CONFIG));
  }

  @Test
  void ensureWithJsonContentTypeAndAnEmptyBodyMeansNoBody() {
    createBasin("my-basin-1", "{'create_stream_on_read': true}");

    Res res = send(Req.put("/v1/basins/my-basin-1").header("content-type", "application/json").body(""));

    res.assertStatus(200);
    assertThat(res.header("s2-provision-result")).isEqualTo("updated");
    assertThat(basinConfig("my-basin-1")).isEqualTo(json(DEFAULT_CONFIG));
  }

  // 22.1 test_provision_basin_ensure_updates_config
  @Test
  void ensureOfAnExistingBasinUpdatesItsConfigAnd200Updated() {
    createBasin("my-basin-1");
    JsonNode created = listBasins("").get("basins").get(0);

    Res res = send(Req.put("/v1/basins/my-basin-1").json("{'config': {'create_stream_on_append': true,"
        + " 'create_stream_on_read': true, 'default_stream_config': {'storage_class': 'standard'}}}"));

    assertThat(res.assertJson(200)).isEqualTo(created);
    assertThat(res.header("s2-provision-result")).isEqualTo("updated");
    JsonNode config = basinConfig("my-basin-1");
    assertThat(config.get("create_stream_on_append").asBoolean()).isTrue();
    assertThat(config.get("create_stream_on_read").asBoolean()).isTrue();
    assertThat(config.at("/default_stream_config/storage_class").asText()).isEqualTo("standard");
    send(Req.post("/v1/basins").json("{'basin': 'my-basin-1'}")).assertError(409, "resource_already_exists");
  }

  // 22.1 test_provision_basin_ensure_resets_unspecified_config
  @Test
  void ensureResetsEveryUnspecifiedField() {
    createBasin("my-basin-1", "{'create_stream_on_append': true, 'stream_cipher': 'aegis-256',"
        + " 'default_stream_config': {'storage_class': 'standard', 'retention_policy': {'infinite': {}}}}");

    Res res = send(Req.put("/v1/basins/my-basin-1").json("{'config': {'create_stream_on_read': true}}"));

    assertThat(res.header("s2-provision-result")).isEqualTo("updated");
    assertThat(basinConfig("my-basin-1")).isEqualTo(json("{'default_stream_config': null, 'stream_cipher': null,"
        + " 'create_stream_on_append': false, 'create_stream_on_read': true}"));
  }

  @Test
  void ensureWithTheStoredConfigIsANoop() {
    String config = "{'config': {'create_stream_on_read': true, 'default_stream_config': {'retention_policy': {'age': 60}}}}";
    send(Req.put("/v1/basins/my-basin-1").json(config)).assertStatus(201);

    Res res = send(Req.put("/v1/basins/my-basin-1").json(config));

    res.assertStatus(200);
    assertThat(res.header("s2-provision-result")).isEqualTo("noop");
  }

  // 22.1 test_provision_basin_ensure_noops_with_explicit_zero_delete_on_empty
  @Test
  void anExplicitZeroDeleteOnEmptyIsKeptAndReEnsuringItIsANoop() {
    String config = "{'config': {'default_stream_config': {'delete_on_empty': {'min_age_secs': 0}}}}";
    send(Req.put("/v1/basins/my-basin-1").json(config)).assertStatus(201);

    Res again = send(Req.put("/v1/basins/my-basin-1").json(config));

    assertThat(again.header("s2-provision-result")).isEqualTo("noop");
    assertThat(basinConfig("my-basin-1").get("default_stream_config")).isEqualTo(json(
        "{'storage_class': null, 'retention_policy': null, 'timestamping': null, 'delete_on_empty': {'min_age_secs': 0}}"));
    Res unset = send(Req.put("/v1/basins/my-basin-1").json("{'config': {}}"));
    assertThat(unset.header("s2-provision-result")).isEqualTo("updated");
    assertThat(basinConfig("my-basin-1").get("default_stream_config").isNull()).isTrue();
  }

  @Test
  void ensureWithANonJsonContentTypeIsBadJson() {
    send(Req.put("/v1/basins/my-basin-1").header("content-type", "text/plain").body("{}"))
        .assertError(400, "bad_json");

    assertThat(listBasins("").get("basins")).isEmpty();
  }

  @Test
  void ensureWithALiteralNullBodyIsBadJson() {
    send(Req.put("/v1/basins/my-basin-1").json("null")).assertError(400, "bad_json");

    assertThat(listBasins("").get("basins")).isEmpty();
  }

  // 22.1 test_reconfigure_basin_updates_nested_defaults
  @Test
  void reconfigureSetsNestedDefaultsAndFlagsAndGetReflectsIt() {
    createBasin("my-basin-1");

    JsonNode patched = send(Req.patch("/v1/basins/my-basin-1").json("{'default_stream_config':"
        + " {'storage_class': 'express', 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival'}},"
        + " 'create_stream_on_append': true, 'create_stream_on_read': true}")).assertJson(200);

    JsonNode expected = json("{'default_stream_config': {'storage_class': 'express',"
        + " 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival', 'uncapped': null},"
        + " 'delete_on_empty': null}, 'stream_cipher': null,"
        + " 'create_stream_on_append': true, 'create_stream_on_read': true}");
    assertThat(patched).isEqualTo(expected);
    assertThat(basinConfig("my-basin-1")).isEqualTo(expected);
  }

  @Test
  void reconfigureLeavesAbsentFieldsClearsNullOnesAndSetsValues() {
    createBasin("my-basin-1", "{'stream_cipher': 'aegis-256', 'create_stream_on_read': true,"
        + " 'default_stream_config': {'storage_class': 'standard', 'retention_policy': {'age': 60}}}");

    JsonNode patched = send(Req.patch("/v1/basins/my-basin-1").json("{'stream_cipher': null,"
        + " 'default_stream_config': {'storage_class': null, 'delete_on_empty': {'min_age_secs': 30}}}"))
        .assertJson(200);

    assertThat(patched).isEqualTo(json("{'default_stream_config': {'storage_class': null,"
        + " 'retention_policy': {'age': 60}, 'timestamping': null, 'delete_on_empty': {'min_age_secs': 30}},"
        + " 'stream_cipher': null, 'create_stream_on_append': false, 'create_stream_on_read': true}"));
  }

  @Test
  void reconfigureWithNullDefaultStreamConfigClearsAllBasinDefaults() {
    createBasin("my-basin-1", "{'default_stream_config': {'storage_class': 'standard'}}");

    JsonNode patched = send(Req.patch("/v1/basins/my-basin-1").json("{'default_stream_config': null}"))
        .assertJson(200);

    assertThat(patched).isEqualTo(json(DEFAULT_CONFIG));
  }

  @Test
  void reconfigureWithAnEmptyObjectChangesNothingAndReturnsTheConfig() {
    createBasin("my-basin-1", "{'create_stream_on_append': true}");
    JsonNode before = basinConfig("my-basin-1");

    assertThat(send(Req.patch("/v1/basins/my-basin-1").json("{}")).assertJson(200)).isEqualTo(before);
  }

  @Test
  void reconfigureWithANullAutoCreateFlagIsBadJsonAndChangesNothing() {
    createBasin("my-basin-1", "{'create_stream_on_append': true}");
    JsonNode before = basinConfig("my-basin-1");

    send(Req.patch("/v1/basins/my-basin-1").json("{'create_stream_on_append': null}")).assertError(400, "bad_json");
    send(Req.patch("/v1/basins/my-basin-1").json("{'create_stream_on_read': null, 'stream_cipher': null}"))
        .assertError(400, "bad_json");

    assertThat(basinConfig("my-basin-1")).isEqualTo(before);
  }

  @Test
  void reconfigureOfAMissingBasinIsBasinNotFound() {
    send(Req.patch("/v1/basins/my-basin-1").json("{}")).assertError(404, "basin_not_found");
  }

  // 22.1 test_get_nonexistent_basin_config
  @Test
  void getConfigOfAMissingBasinIsBasinNotFound() {
    String message = send(Req.get("/v1/basins/my-basin-1")).assertError(404, "basin_not_found");

    assertThat(message).isEqualTo("basin `my-basin-1` not found");
  }

  // 22.1 test_delete_nonexistent_basin_returns_not_found
  @Test
  void deleteOfAMissingBasinIsBasinNotFound() {
    send(Req.delete("/v1/basins/my-basin-1")).assertError(404, "basin_not_found");
  }

  // 22.1 test_delete_basin_marks_deleting_and_blocks_create
  @Test
  void aDeletedBasinIsListedAsDeletingAndBlocksChangesUntilHousekeepingFinishesIt() {
    createBasin("my-basin-1", "{'create_stream_on_read': true}");

    Res deleted = send(Req.delete("/v1/basins/my-basin-1"));
    deleted.assertStatus(202);
    assertThat(deleted.body()).isEmpty();

    JsonNode listed = listBasins("").get("basins").get(0);
    assertThat(listed.get("state").asText()).isEqualTo("deleting");
    assertThat(listed.get("deleted_at").asText()).endsWith("Z");
    assertThat(basinConfig("my-basin-1").get("create_stream_on_read").asBoolean()).isTrue();
    String message = send(Req.patch("/v1/basins/my-basin-1").json("{}")).assertError(409, "basin_deletion_pending");
    assertThat(message).isEqualTo("basin `my-basin-1` is being deleted");
    send(Req.post("/v1/basins").json("{'basin': 'my-basin-1'}")).assertError(409, "basin_deletion_pending");
    send(Req.put("/v1/basins/my-basin-1")).assertError(409, "basin_deletion_pending");
    send(Req.post("/v1/streams").basin("my-basin-1").json("{'stream': 's'}")).assertError(409, "basin_deletion_pending");
    send(Req.put("/v1/streams/s").basin("my-basin-1")).assertError(409, "basin_deletion_pending");
    send(Req.delete("/v1/basins/my-basin-1")).assertStatus(202);
    assertThat(listBasins("").get("basins").get(0)).isEqualTo(listed);

    server.runHousekeeping();

    send(Req.get("/v1/basins/my-basin-1")).assertError(404, "basin_not_found");
    send(Req.delete("/v1/basins/my-basin-1")).assertError(404, "basin_not_found");
    assertThat(listBasins("").get("basins")).isEmpty();
    Res reused = send(Req.post("/v1/basins").json("{'basin': 'my-basin-1'}"));
    reused.assertStatus(201);
    assertThat(reused.header("s2-provision-result")).isEqualTo("created");
    assertThat(basinConfig("my-basin-1")).isEqualTo(json(DEFAULT_CONFIG));
  }

  @Test
  void deletingABasinDeletesItsStreamsSoANewBasinOfThatNameStartsEmpty() {
    createBasin("my-basin-1");
    createStream("my-basin-1", "events");
    createStream("my-basin-1", "logs");

    send(Req.delete("/v1/basins/my-basin-1")).assertStatus(202);
    server.runHousekeeping();
    createBasin("my-basin-1");

    assertThat(listStreams("my-basin-1", "")).isEqualTo(json("{'streams': [], 'has_more': false}"));
    send(Req.get("/v1/streams/events").basin("my-basin-1")).assertError(404, "stream_not_found");
  }

  @Test
  void invalidBasinNamesInThePathAreBadPath() {
    for (String name : new String[] {"short", "Abcdefgh", "abcdefg-", "-abcdefg", "abcd_efg", "a".repeat(49)}) {
      send(Req.get("/v1/basins/" + name)).assertError(400, "bad_path");
      send(Req.put("/v1/basins/" + name)).assertError(400, "bad_path");
      send(Req.patch("/v1/basins/" + name).json("{}")).assertError(400, "bad_path");
      send(Req.delete("/v1/basins/" + name)).assertError(400, "bad_path");
    }
    assertThat(listBasins("").get("basins")).isEmpty();
    assertThat(send(Req.get("/v1/basins/short")).assertError(400, "bad_path"))
        .contains("basin name should be at least 8 bytes in length");
    assertThat(send(Req.get("/v1/basins/" + "a".repeat(49))).assertError(400, "bad_path"))
        .contains("basin name must not exceed 48 bytes in length");
    assertThat(send(Req.get("/v1/basins/abcd_efg")).assertError(400, "bad_path"))
        .contains("basin name must comprise lowercase letters, numbers, and hyphens");
  }

  @Test
  void theLongestAndShortestValidBasinNamesWork() {
    createBasin("a".repeat(48));
    createBasin("1abcdefg");

    assertThat(listBasins("").get("basins")).extracting(b -> b.get("name").asText())
        .containsExactly("1abcdefg", "a".repeat(48));
  }
}
