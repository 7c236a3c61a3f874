package dev.s2lite.emulator.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the black-box HTTP tests: one emulator per test class on a random port, emptied before
 * each test, and every test run once per {@link Transport}. Background work is manual
 * ({@code housekeepingPeriod(0)}), so "being deleted" states last until a test calls
 * {@code server.runHousekeeping()}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Transport.class)
abstract class AcceptanceTest {

  static S2LiteServer server;

  @Parameter
  Transport transport;

  @BeforeAll
  static void startServer() {
    server = S2LiteServer.builder().port(0).housekeepingPeriod(Duration.ZERO).build().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void emptyServer() {
    server.reset();
  }

  Res send(Req req) {
    return transport.send(server.endpoint(), req);
  }

  // --- shorthands for the calls most tests make on the way ---

  JsonNode createBasin(String basin, String singleQuotedConfig) {
    return send(Req.post("/v1/basins").json("{'basin': '" + basin + "', 'config': " + singleQuotedConfig + "}"))
        .assertJson(201);
  }

  JsonNode createBasin(String basin) {
    return createBasin(basin, "null");
  }

  JsonNode createStream(String basin, String stream, String singleQuotedConfig) {
    return send(Req.post("/v1/streams").basin(basin)
        .json("{'stream': '" + stream + "', 'config': " + singleQuotedConfig + "}"))
        .assertJson(201);
  }

  JsonNode createStream(String basin, String stream) {
    return createStream(basin, stream, "null");
  }

  JsonNode basinConfig(String basin) {
    return send(Req.get("/v1/basins/" + basin)).assertJson(200);
  }

  JsonNode streamConfig(String basin, String stream) {
    return send(Req.get("/v1/streams/" + stream).basin(basin)).assertJson(200);
  }

  JsonNode listBasins(String query) {
    return send(Req.get("/v1/basins" + query)).assertJson(200);
  }

  JsonNode listStreams(String basin, String query) {
    return send(Req.get("/v1/streams" + query).basin(basin)).assertJson(200);
  }

  static JsonNode json(String singleQuoted) {
    return Json.of(singleQuoted);
  }
}
