package dev.s2lite.emulator.admin;

import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.http.Routes;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /_emulator/openapi.yaml}: the project's OpenAPI description of the API this server
 * speaks (module {@code openapi}, copied into the emulator's jar at build time).
 */
public final class OpenApiRoutes implements Routes {

  /** Where the description is served. */
  public static final String PATH = AdminRoutes.PREFIX + "/openapi.yaml";

  private static final String RESOURCE = "s2-v1.yaml";

  private final byte[] document;

  public OpenApiRoutes() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI description is missing from the jar: " + RESOURCE);
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(PATH, ctx -> Responses.bytes(ctx, 200, "application/yaml", document));
  }
}
