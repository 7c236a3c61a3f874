package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream control plane: REFERENCE §6.13-6.18, §8, §9 and the lite tests of §22.2, over HTTP. */
class StreamAcceptanceTest extends AcceptanceTest {

  private static final String BASIN = "my-basin-1";
  private static final String SYSTEM_DEFAULTS = "{'storage_class': 'express', 'retention_policy': {'age': 604800},"
      + " 'timestamping': {'mode': 'client-prefer', 'uncapped': false}, 'delete_on_empty': {'min_age_secs': 0}}";

  @BeforeEach
  void basin() {
    createBasin(BASIN);
  }

  // 22.2 test_list_streams_empty
  @Test
  void listOfAnEmptyBasinIsEmptyWithoutMore() {
    assertThat(listStreams(BASIN, "")).isEqualTo(json("{'streams': [], 'has_more': false}"));
  }

  @Test
  void listOfAMissingBasinIsBasinNotFound() {
    // s2-lite 0.43 answers 404 here; REFERENCE §5, written from 0.42, says an empty list.
    send(Req.get("/v1/streams").basin("no-such-basin")).assertError(404, "basin_not_found");
  }

  // 22.2 test_create_stream_defaults_to_no_encryption_algorithm
  @Test
  void createAnswers201CreatedWithTheStreamInfo() {
    Res res = send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'events'}"));

    JsonNode info = res.assertJson(201);
    assertThat(res.header("s2-provision-result")).isEqualTo("created");
    assertThat(info.get("name").asText()).isEqualTo("events");
    assertThat(info.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(info.get("deleted_at").isNull()).isTrue();
    assertThat(info.get("cipher").isNull()).isTrue();
    assertThat(listStreams(BASIN, "").get("streams")).containsExactly(info);
  }

  @Test
  void aStreamWithoutConfigGetsTheSystemDefaultsFullyResolved() {
    createStream(BASIN, "events");

    assertThat(streamConfig(BASIN, "events")).isEqualTo(json(SYSTEM_DEFAULTS));
  }

  // 22.2 test_create_stream_honors_basin_defaults
  @Test
  void aStreamInheritsTheBasinDefaults() {
    send(Req.put("/v1/basins/" + BASIN).json("{'config': {'default_stream_config': {'storage_class': 'standard',"
        + " 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'client-require'}}}}")).assertStatus(200);

    createStream(BASIN, "events");

    assertThat(streamConfig(BASIN, "events")).isEqualTo(json("{'storage_class': 'standard',"
        + " 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'client-require', 'uncapped': false},"
        + " 'delete_on_empty': {'min_age_secs': 0}}"));
  }

  @Test
  void laterChangesToBasinDefaultsDoNotChangeExistingStreams() {
    createStream(BASIN, "events");

    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'storage_class': 'standard'}}"))
        .assertStatus(200);

    assertThat(streamConfig(BASIN, "events")).isEqualTo(json(SYSTEM_DEFAULTS));
  }

  // 22.2 test_create_stream_uses_basin_cipher, test_existing_stream_keeps_cipher_after_basin_reconfigure
  @Test
  void aStreamTakesTheBasinCipherAtCreationAndKeepsIt() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 'aegis-256'}")).assertStatus(200);
    assertThat(createStream(BASIN, "first").get("cipher").asText()).isEqualTo("aegis-256");

    send(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 'aes-256-gcm'}")).assertStatus(200);
    assertThat(createStream(BASIN, "second").get("cipher").asText()).isEqualTo("aes-256-gcm");

    assertThat(listStreams(BASIN, "").get("streams")).extracting(s -> s.get("cipher").asText())
        .containsExactly("aegis-256", "aes-256-gcm");
  }

  @Test
  void createInAMissingBasinIsBasinNotFound() {
    send(Req.post("/v1/streams").basin("no-such-basin").json("{'stream': 'events'}"))
        .assertError(404, "basin_not_found");
  }

  @Test
  void createOfAnExistingStreamIsResourceAlreadyExists() {
    createStream(BASIN, "events");

    String message = send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'events'}"))
        .assertError(409, "resource_already_exists");

    assertThat(message).isEqualTo("stream `events` in basin `my-basin-1` already exists");
  }

  // 22.2 test_create_stream_idempotency_and_request_token
  @Test
  void createWithTheSameRequestTokenAndConfigIsANoopReplayAnythingElseConflicts() {
    String body = "{'stream': 'events', 'config': {'retention_policy': {'age': 3600}}}";
    Res first = send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body));
    first.assertStatus(201);

    Res replay = send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body));

    assertThat(replay.assertJson(201)).isEqualTo(first.json());
    assertThat(replay.header("s2-provision-result")).isEqualTo("noop");
    send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-2").json(body))
        .assertError(409, "resource_already_exists");
    send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1")
        .json("{'stream': 'events', 'config': {'retention_policy': {'age': 60}}}"))
        .assertError(409, "resource_already_exists");
    send(Req.post("/v1/streams").basin(BASIN).json(body)).assertError(409, "resource_already_exists");
    assertThat(streamConfig(BASIN, "events").get("storage_class").asText()).isEqualTo("express");
  }

  // 22.2 test_provision_stream_ensure_preserves_idempotency_key
  @Test
  void ensureResetsUnspecifiedFieldsAndKeepsTheIdempotencyKey() {
    String body = "{'stream': 'events', 'config': {'storage_class': 'standard'}}";
    send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body)).assertStatus(201);

    Res ensured = send(Req.put("/v1/streams/events").basin(BASIN).json("{'timestamping': {'mode': 'arrival'}}"));

    ensured.assertStatus(200);
    assertThat(ensured.header("s2-provision-result")).isEqualTo("updated");
    JsonNode config = streamConfig(BASIN, "events");
    assertThat(config.get("storage_class").asText()).isEqualTo("express");
    assertThat(config.at("/timestamping/mode").asText()).isEqualTo("arrival");
    Res replay = send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body));
    replay.assertStatus(201);
    assertThat(replay.header("s2-provision-result")).isEqualTo("noop");
  }

  // 22.2 test_provision_stream_idempotency_ignores_changed_basin_defaults
  @Test
  void aReplayStillMatchesAfterTheBasinDefaultsChanged() {
    String body = "{'stream': 'events', 'config': {}}";
    send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body)).assertStatus(201);
    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'storage_class': 'standard'}}"))
        .assertStatus(200);

    Res replay = send(Req.post("/v1/streams").basin(BASIN).header("s2-request-token", "token-1").json(body));

    replay.assertStatus(201);
    assertThat(replay.header("s2-provision-result")).isEqualTo("noop");
  }

  @Test
  void ensureCreatesUpdatesAndNoops() {
    Res created = send(Req.put("/v1/streams/events").basin(BASIN).json("{'storage_class': 'standard'}"));
    assertThat(created.assertJson(201).get("name").asText()).isEqualTo("events");
    assertThat(created.header("s2-provision-result")).isEqualTo("created");

    Res noop = send(Req.put("/v1/streams/events").basin(BASIN).json("{'storage_class': 'standard'}"));
    assertThat(noop.assertJson(200)).isEqualTo(created.json());
    assertThat(noop.header("s2-provision-result")).isEqualTo("noop");

    Res updated = send(Req.put("/v1/streams/events").basin(BASIN).json("{'retention_policy': {'age': 60}}"));
    assertThat(updated.assertJson(200)).isEqualTo(created.json());
    assertThat(updated.header("s2-provision-result")).isEqualTo("updated");
    assertThat(streamConfig(BASIN, "events")).isEqualTo(json("{'storage_class': 'express',"
        + " 'retention_policy': {'age': 60}, 'timestamping': {'mode': 'client-prefer', 'uncapped': false},"
        + " 'delete_on_empty': {'min_age_secs': 0}}"));
  }

  @Test
  void ensureWithoutContentTypeOrWithAnEmptyJsonBodyMeansNoBody() {
    createStream(BASIN, "events", "{'storage_class': 'standard'}");

    Res reset = send(Req.put("/v1/streams/events").basin(BASIN));
    assertThat(reset.header("s2-provision-result")).isEqualTo("updated");
    assertThat(streamConfig(BASIN, "events")).isEqualTo(json(SYSTEM_DEFAULTS));

    Res created = send(Req.put("/v1/streams/logs").basin(BASIN).header("content-type", "application/json").body(""));
    assertThat(created.header("s2-provision-result")).isEqualTo("created");
    assertThat(streamConfig(BASIN, "logs")).isEqualTo(json(SYSTEM_DEFAULTS));
  }

  @Test
  void ensureWithALiteralNullOrANonJsonBodyIsBadJsonAndCreatesNothing() {
    send(Req.put("/v1/streams/events").basin(BASIN).json("null")).assertError(400, "bad_json");
    send(Req.put("/v1/streams/events").basin(BASIN).header("content-type", "text/plain").body("{}"))
        .assertError(400, "bad_json");

    assertThat(listStreams(BASIN, "").get("streams")).isEmpty();
  }

  @Test
  void ensureInAMissingBasinIsBasinNotFound() {
    send(Req.put("/v1/streams/events").basin("no-such-basin")).assertError(404, "basin_not_found");
  }

  // 22.2 test_provision_stream_ensure_noops_when_effective_config_matches
  @Test
  void ensureWithTheCreationConfigIsANoopEvenWhenBasinDefaultsDiffer() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'storage_class': 'standard',"
        + " 'timestamping': {'mode': 'arrival'}}}")).assertStatus(200);
    String config = "{'storage_class': 'express', 'retention_policy': {'age': 60},"
        + " 'timestamping': {'mode': 'client-prefer', 'uncapped': false}}";
    createStream(BASIN, "events", config);

    Res res = send(Req.put("/v1/streams/events").basin(BASIN).json(config));

    assertThat(res.header("s2-provision-result")).isEqualTo("noop");
  }

  // 22.2 test_provision_stream_preserves_explicit_zero_delete_on_empty
  @Test
  void anExplicitZeroDeleteOnEmptyOverridesTheBasinDefault() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'delete_on_empty': {'min_age_secs': 60}}}"))
        .assertStatus(200);
    String config = "{'delete_on_empty': {'min_age_secs': 0}}";
    send(Req.put("/v1/streams/events").basin(BASIN).json(config)).assertStatus(201);

    assertThat(streamConfig(BASIN, "events").get("delete_on_empty")).isEqualTo(json("{'min_age_secs': 0}"));
    Res again = send(Req.put("/v1/streams/events").basin(BASIN).json(config));
    assertThat(again.header("s2-provision-result")).isEqualTo("noop");
    createStream(BASIN, "inherits");
    assertThat(streamConfig(BASIN, "inherits").get("delete_on_empty")).isEqualTo(json("{'min_age_secs': 60}"));
  }

  // 22.2 test_reconfigure_stream_updates_selected_fields
  @Test
  void reconfigureSetsTheGivenFieldsAndGetMatches() {
    createStream(BASIN, "events", "{'storage_class': 'standard', 'delete_on_empty': {'min_age_secs': 10}}");

    JsonNode patched = send(Req.patch("/v1/streams/events").basin(BASIN).json("{'storage_class': 'express',"
        + " 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival', 'uncapped': true}}"))
        .assertJson(200);

    assertThat(patched).isEqualTo(json("{'storage_class': 'express', 'retention_policy': {'infinite': {}},"
        + " 'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 10}}"));
    assertThat(streamConfig(BASIN, "events")).isEqualTo(patched);
  }

  // 22.2 test_reconfigure_stream_clears_fields_to_basin_defaults (the example of REFERENCE §9.6)
  @Test
  void reconfigureWithNullsMakesEveryFieldReInheritTheBasinDefaults() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'storage_class': 'standard',"
        + " 'retention_policy': {'infinite': {}}, 'timestamping': {'mode': 'arrival', 'uncapped': true},"
        + " 'delete_on_empty': {'min_age_secs': 300}}}")).assertStatus(200);
    createStream(BASIN, "events", "{'storage_class': 'express', 'retention_policy': {'age': 60},"
        + " 'timestamping': {'mode': 'client-require', 'uncapped': false}, 'delete_on_empty': {'min_age_secs': 0}}");

    JsonNode patched = send(Req.patch("/v1/streams/events").basin(BASIN).json("{'storage_class': null,"
        + " 'retention_policy': null, 'timestamping': {'mode': null, 'uncapped': null},"
        + " 'delete_on_empty': {'min_age_secs': null}}")).assertJson(200);

    assertThat(patched).isEqualTo(json("{'storage_class': 'standard', 'retention_policy': {'infinite': {}},"
        + " 'timestamping': {'mode': 'arrival', 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 300}}"));
    assertThat(streamConfig(BASIN, "events")).isEqualTo(patched);
  }

  @Test
  void reconfigureWithNullObjectsReInheritsAndAbsentFieldsStay() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'default_stream_config': {'timestamping': {'mode': 'arrival'}}}"))
        .assertStatus(200);
    createStream(BASIN, "events", "{'storage_class': 'standard', 'timestamping': {'mode': 'client-require',"
        + " 'uncapped': true}, 'delete_on_empty': {'min_age_secs': 5}}");

    JsonNode patched = send(Req.patch("/v1/streams/events").basin(BASIN)
        .json("{'timestamping': null, 'delete_on_empty': null}")).assertJson(200);

    assertThat(patched).isEqualTo(json("{'storage_class': 'standard', 'retention_policy': {'age': 604800},"
        + " 'timestamping': {'mode': 'arrival', 'uncapped': false}, 'delete_on_empty': {'min_age_secs': 0}}"));
  }

  @Test
  void reconfigureWithAnEmptyObjectReturnsTheConfigUnchanged() {
    createStream(BASIN, "events", "{'storage_class': 'standard'}");
    JsonNode before = streamConfig(BASIN, "events");

    assertThat(send(Req.patch("/v1/streams/events").basin(BASIN).json("{}")).assertJson(200)).isEqualTo(before);
  }

  @Test
  void reconfigureOfAMissingStreamOrBasinIsNotFound() {
    send(Req.patch("/v1/streams/events").basin(BASIN).json("{}")).assertError(404, "stream_not_found");
    send(Req.patch("/v1/streams/events").basin("no-such-basin").json("{}")).assertError(404, "basin_not_found");
  }

  // 22.2 test_get_nonexistent_stream_config
  @Test
  void getConfigOfAMissingStreamIsStreamNotFoundEvenInAMissingBasin() {
    String message = send(Req.get("/v1/streams/events").basin(BASIN)).assertError(404, "stream_not_found");
    assertThat(message).isEqualTo("stream `events` in basin `my-basin-1` not found");

    send(Req.get("/v1/streams/events").basin("no-such-basin")).assertError(404, "stream_not_found");
  }

  // 22.2 test_delete_stream_nonexistent_returns_not_found
  @Test
  void deleteOfAMissingStreamIsStreamNotFoundEvenInAMissingBasin() {
    send(Req.delete("/v1/streams/events").basin(BASIN)).assertError(404, "stream_not_found");
    send(Req.delete("/v1/streams/events").basin("no-such-basin")).assertError(404, "stream_not_found");
  }

  // 22.2 test_create_stream_fails_when_basin_deleting
  @Test
  void streamsCannotBeCreatedEnsuredOrReconfiguredInADeletingBasin() {
    createStream(BASIN, "events");
    send(Req.delete("/v1/basins/" + BASIN)).assertStatus(202);

    send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'logs'}")).assertError(409, "basin_deletion_pending");
    send(Req.put("/v1/streams/logs").basin(BASIN)).assertError(409, "basin_deletion_pending");
    send(Req.patch("/v1/streams/events").basin(BASIN).json("{}")).assertError(409, "basin_deletion_pending");
  }

  @Test
  void existingStreamsKeepWorkingWhileTheirBasinIsBeingDeleted() {
    createStream(BASIN, "events");
    createStream(BASIN, "logs");
    send(Req.delete("/v1/basins/" + BASIN)).assertStatus(202);

    assertThat(streamConfig(BASIN, "events")).isEqualTo(json(SYSTEM_DEFAULTS));
    assertThat(listStreams(BASIN, "").get("streams")).hasSize(2);
    send(Req.delete("/v1/streams/logs").basin(BASIN)).assertStatus(202);

    server.runHousekeeping();

    send(Req.get("/v1/streams/events").basin(BASIN)).assertError(404, "stream_not_found");
    send(Req.get("/v1/streams").basin(BASIN)).assertError(404, "basin_not_found");
    send(Req.get("/v1/basins/" + BASIN)).assertError(404, "basin_not_found");
  }

  // 22.2 test_delete_stream_marks_deleted_and_blocks_recreation, test_get_stream_config_for_deleting_stream_returns_pending
  @Test
  void aDeletedStreamIsListedAndBlocksEverythingUntilHousekeepingFinishesIt() {
    createStream(BASIN, "events", "{'storage_class': 'standard'}");

    Res deleted = send(Req.delete("/v1/streams/events").basin(BASIN));
    deleted.assertStatus(202);
    assertThat(deleted.body()).isEmpty();

    JsonNode listed = listStreams(BASIN, "").get("streams").get(0);
    assertThat(listed.get("deleted_at").asText()).endsWith("Z");
    String message = send(Req.get("/v1/streams/events").basin(BASIN)).assertError(409, "stream_deletion_pending");
    assertThat(message).isEqualTo("stream deletion pending");
    send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'events'}")).assertError(409, "stream_deletion_pending");
    send(Req.put("/v1/streams/events").basin(BASIN)).assertError(409, "stream_deletion_pending");
    send(Req.patch("/v1/streams/events").basin(BASIN).json("{}")).assertError(409, "stream_deletion_pending");
    send(Req.delete("/v1/streams/events").basin(BASIN)).assertStatus(202);
    assertThat(listStreams(BASIN, "").get("streams")).containsExactly(listed);

    server.runHousekeeping();

    send(Req.get("/v1/streams/events").basin(BASIN)).assertError(404, "stream_not_found");
    send(Req.delete("/v1/streams/events").basin(BASIN)).assertError(404, "stream_not_found");
    assertThat(listStreams(BASIN, "").get("streams")).isEmpty();
    Res reused = send(Req.post("/v1/streams").basin(BASIN).json("{'stream': 'events'}"));
    assertThat(reused.header("s2-provision-result")).isEqualTo("created");
    assertThat(streamConfig(BASIN, "events")).isEqualTo(json(SYSTEM_DEFAULTS));
  }

  @Test
  void anEncryptedStreamIsDeletedWithoutAKey() {
    send(Req.patch("/v1/basins/" + BASIN).json("{'stream_cipher': 'aegis-256'}")).assertStatus(200);
    createStream(BASIN, "secret");

    send(Req.delete("/v1/streams/secret").basin(BASIN)).assertStatus(202);
    server.runHousekeeping();

    send(Req.get("/v1/streams/secret").basin(BASIN)).assertError(404, "stream_not_found");
  }

  @Test
  void aStreamNameWithASlashIsOneEncodedPathSegment() {
    createStream(BASIN, "a/b");

    assertThat(streamConfig(BASIN, "a%2Fb")).isEqualTo(json(SYSTEM_DEFAULTS));
    send(Req.patch("/v1/streams/a%2Fb").basin(BASIN).json("{'storage_class': 'standard'}")).assertStatus(200);
    send(Req.put("/v1/streams/a%2Fb").basin(BASIN).json("{'storage_class': 'standard'}")).assertStatus(200);
    send(Req.delete("/v1/streams/a%2Fb").basin(BASIN)).assertStatus(202);
    assertThat(listStreams(BASIN, "").at("/streams/0/name").asText()).isEqualTo("a/b");
  }

  @Test
  void unicodeAndSpacesInStreamNamesArePercentDecoded() {
    send(Req.put("/v1/streams/caf%C3%A9%20au%20lait").basin(BASIN)).assertStatus(201);

    assertThat(listStreams(BASIN, "").at("/streams/0/name").asText()).isEqualTo("café au lait");
    streamConfig(BASIN, "caf%C3%A9%20au%20lait");
  }

  @Test
  void controlCharactersInStreamNamesAreAllowedAsInLite() {
    send(Req.put("/v1/streams/tab%09and%01soh").basin(BASIN)).assertStatus(201);

    assertThat(listStreams(BASIN, "").at("/streams/0/name").asText()).isEqualTo("tab\tand\u0001soh");
    streamConfig(BASIN, "tab%09and%01soh");
  }

  @Test
  void aPathSegmentThatIsNotUtf8IsBadPath() {
    send(Req.get("/v1/streams/%FF").basin(BASIN)).assertError(400, "bad_path");
    send(Req.put("/v1/streams/caf%C3").basin(BASIN)).assertError(400, "bad_path");
    send(Req.get("/v1/basins/my-basin-%FF")).assertError(400, "bad_path");

    assertThat(listStreams(BASIN, "").get("streams")).isEmpty();
  }

  @Test
  void everyStreamRouteRequiresTheS2BasinHeader() {
    createStream(BASIN, "events");
    JsonNode before = streamConfig(BASIN, "events");
    Req[] requests = {
        Req.get("/v1/streams"),
        Req.post("/v1/streams").json("{'stream': 'logs'}"),
        Req.get("/v1/streams/events"),
        Req.put("/v1/streams/events").json("{'storage_class': 'standard'}"),
        Req.patch("/v1/streams/events").json("{'storage_class': 'standard'}"),
        Req.delete("/v1/streams/events"),
    };
    for (Req req : requests) {
      assertThat(send(req).assertError(400, "bad_header")).isEqualTo("Missing header `s2-basin`");
      assertThat(send(req.basin("Not-A-Basin")).assertError(400, "bad_header"))
          .startsWith("Invalid header `s2-basin`: ");
      assertThat(send(req.basin("short")).assertError(400, "bad_header"))
          .isEqualTo("Invalid header `s2-basin`: basin name should be at least 8 bytes in length");
    }
    assertThat(streamConfig(BASIN, "events")).isEqualTo(before);
    assertThat(listStreams(BASIN, "").get("streams")).hasSize(1);
  }

  @Test
  void theS2BasinHeaderIsCheckedBeforeThePathAndThePathBeforeTheBody() {
    String tooLong = "x".repeat(513);
    send(Req.put("/v1/streams/" + tooLong).json("nonsense")).assertError(400, "bad_header");
    send(Req.put("/v1/streams/" + tooLong).basin(BASIN).json("nonsense")).assertError(400, "bad_path");
    send(Req.put("/v1/basins/BAD").json("nonsense")).assertError(400, "bad_path");
    send(Req.patch("/v1/basins/BAD").header("content-type", "text/plain").body("x")).assertError(400, "bad_path");
  }

  @Test
  void overLongStreamNamesInThePathAreBadPath() {
    String tooLong = "x".repeat(513);
    send(Req.get("/v1/streams/" + tooLong).basin(BASIN)).assertError(400, "bad_path");
    send(Req.put("/v1/streams/" + tooLong).basin(BASIN)).assertError(400, "bad_path");
    send(Req.patch("/v1/streams/" + tooLong).basin(BASIN).json("{}")).assertError(400, "bad_path");
    send(Req.delete("/v1/streams/" + tooLong).basin(BASIN)).assertError(400, "bad_path");
    // Two-byte characters: 257 of them are 514 bytes although only 257 characters.
    send(Req.put("/v1/streams/" + "%C3%A9".repeat(257)).basin(BASIN)).assertError(400, "bad_path");

    send(Req.put("/v1/streams/" + "x".repeat(512)).basin(BASIN)).assertStatus(201);
    assertThat(listStreams(BASIN, "").get("streams")).hasSize(1);
  }
}
