package dev.s2lite.testcontainers;

import java.util.Locale;

/**
 * What an S2 request does, as the emulator's fault rules and journal name it ({@code append},
 * {@code read_session}, {@code check_tail}...): the S2 API's operations, with the streaming
 * sessions apart from their unary forms.
 */
public enum Operation {
  LIST_BASINS,
  CREATE_BASIN,
  ENSURE_BASIN,
  GET_BASIN_CONFIG,
  RECONFIGURE_BASIN,
  DELETE_BASIN,
  LIST_STREAMS,
  CREATE_STREAM,
  ENSURE_STREAM,
  GET_STREAM_CONFIG,
  RECONFIGURE_STREAM,
  DELETE_STREAM,
  APPEND,
  APPEND_SESSION,
  READ,
  READ_SESSION,
  CHECK_TAIL,
  /** Anything else: access tokens, metrics, locations, health, unknown routes. */
  OTHER;

  /** The name in the admin API's JSON: {@code check_tail}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Operation fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
