package dev.s2lite.emulator.http;

import io.javalin.config.RoutesConfig;

/** One resource's routes, registered on the server at start-up. */
public interface Routes {
  void register(RoutesConfig routes);
}
