package dev.s2lite.emulator.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * s2-lite's {@code GET /health} and {@code GET /ping}: {@code 200 OK} while the store serves,
 * {@code 503} with the store's reason once it cannot (a durable store fenced by a newer writer
 * says {@code Fenced}), as lite's closed database answers.
 */
public final class HealthRoutes implements Routes {

  private final Supplier<Optional<String>> unavailable;

  /** @param unavailable why the store can no longer serve, empty while it can ({@code Store::unavailable}) */
  public HealthRoutes(Supplier<Optional<String>> unavailable) {
    this.unavailable = unavailable;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/health", this::answer);
    routes.get("/ping", this::answer);
  }

  private void answer(Context ctx) {
    Optional<String> problem = unavailable.get();
    ctx.contentType("text/plain; charset=utf-8").status(problem.isPresent() ? 503 : 200).result(problem.orElse("OK"));
  }
}
