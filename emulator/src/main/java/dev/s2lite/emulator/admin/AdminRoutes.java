package dev.s2lite.emulator.admin;

import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.http.Routes;
import io.javalin.config.RoutesConfig;

/**
 * The emulator's own control routes, under {@link #PREFIX}: outside {@code /v1}, so no S2 client
 * ever reaches them by accident, and never answered by s2-lite.
 *
 * <ul>
 *   <li>{@code POST /_emulator/reset}: forget every basin, stream and record; {@code 204}.
 * </ul>
 */
public final class AdminRoutes implements Routes {

  /** The reserved path prefix of every admin route. */
  public static final String PREFIX = "/_emulator";

  private final Runnable reset;

  /** @param reset forgets all state, as {@code S2LiteServer.reset()} */
  public AdminRoutes(Runnable reset) {
    this.reset = reset;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(PREFIX + "/reset", ctx -> {
      reset.run();
      Responses.empty(ctx, 204);
    });
  }
}
