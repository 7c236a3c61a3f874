package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.s2lite.emulator.admin.AdminRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's OpenAPI description (module {@code openapi}) and the routes the server registers
 * describe the same API: every S2 route is an operation and every operation a route.
 */
class OpenApiRouteSetTest {

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static S2LiteServer server;

  @BeforeAll
  static void start() {
    server = S2LiteServer.builder().build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theS2RoutesAreExactlyTheOperationsOfTheDescription() throws IOException {
    Set<String> operations = specOperations();
    Set<String> routes = s2Routes();

    assertThat(routes).as("routes registered by the server").isNotEmpty().contains("GET /v1/basins");
    assertThat(operations.stream().filter(o -> !o.contains(AdminRoutes.PREFIX)).toList())
        .as("operations of openapi/src/main/spec/s2-v1.yaml outside " + AdminRoutes.PREFIX)
        .containsExactlyInAnyOrderElementsOf(routes);
  }

  @Test
  void everyAdminOperationOfTheDescriptionIsARoute() throws IOException {
    Set<String> admin = new TreeSet<>(specOperations());
    admin.removeIf(o -> !o.contains(AdminRoutes.PREFIX));

    assertThat(admin).isNotEmpty();
    assertThat(server.routes()).containsAll(admin);
  }

  @Test
  void theDescriptionIsServedAtEmulatorOpenapiYaml() throws Exception {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.endpoint() + AdminRoutes.PREFIX + "/openapi.yaml")).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/yaml");
    assertThat(response.body()).isEqualTo(specBytes());
  }

  /**
   * Registered routes other than the admin ones, the dashboard's and before/after hooks; HEAD is
   * implied by GET, as HTTP says.
   */
  private static Set<String> s2Routes() {
    Set<String> routes = new TreeSet<>();
    for (String route : server.routes()) {
      String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
      // The dashboard is a web page for people (as s2-lite's), not part of the API.
      boolean dashboard = route.substring(route.indexOf(' ') + 1).startsWith("/dashboard");
      if (HTTP_METHODS.contains(method) && !route.contains(AdminRoutes.PREFIX) && !dashboard) {
        routes.add(route);
      }
    }
    return routes;
  }

  private static Set<String> specOperations() throws IOException {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(specBytes());
    Set<String> operations = new TreeSet<>();
    spec.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (HTTP_METHODS.contains(method)) {
        operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }));
    return operations;
  }

  private static byte[] specBytes() throws IOException {
    try (InputStream in = AdminRoutes.class.getResourceAsStream("s2-v1.yaml")) {
      assertThat(in).as("the description in the emulator's jar").isNotNull();
      return in.readAllBytes();
    }
  }
}
