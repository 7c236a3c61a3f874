package dev.s2lite.emulator.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.StoreKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of the black-box HTTP tests: one emulator per test class and {@link StoreKind} on a random
 * port, emptied before each test, and every test run once per {@link Transport} and store kind.
 * Background work is manual ({@code housekeepingPeriod(0)}), so "being deleted" states last until
 * a test calls {@code server.runHousekeeping()}.
 */
@ParameterizedClass(name = "{0} on {1}")
@MethodSource("transportsAndStores")
abstract class AcceptanceTest {

  private static final Map<StoreKind, S2LiteServer> SERVERS = new EnumMap<>(StoreKind.class);
  /** The server of the current store kind. */
  static S2LiteServer server;

  @Parameter(0)
  Transport transport;

  @Parameter(1)
  StoreKind store;

  static Stream<Arguments> transportsAndStores() {
    return Stream.of(Transport.values())
        .flatMap(t -> Stream.of(StoreKind.values()).map(kind -> Arguments.of(t, kind)));
  }

  @BeforeEach
  void emptyServer() {
    server = SERVERS.computeIfAbsent(store, kind -> kind.newLocation()
        .configure(S2LiteServer.builder().port(0).housekeepingPeriod(Duration.ZERO)).build().start());
    server.reset();
  }

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(S2LiteServer::close);
    SERVERS.clear();
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
