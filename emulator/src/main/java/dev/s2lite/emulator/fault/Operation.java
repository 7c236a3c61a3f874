package dev.s2lite.emulator.fault;

import java.util.Locale;

/**
 * What an S2 request does, named as in the S2 API reference ({@code append}, {@code read},
 * {@code check_tail}...), with the two streaming kinds apart: {@link #APPEND_SESSION} (S2S append
 * session) and {@link #READ_SESSION} (SSE or S2S read session). Fault rules and journal queries
 * select requests by it.
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

  /** The name in JSON: {@code check_tail}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation named {@code wire} ({@code "append"}, {@code "read_session"}), or null. */
  public static Operation fromWire(String wire) {
    for (Operation op : values()) {
      if (op.wire().equals(wire)) {
        return op;
      }
    }
    return null;
  }

  /** Whether the request is a streaming session, which a rule can drop after some messages. */
  public boolean isSession() {
    return this == APPEND_SESSION || this == READ_SESSION;
  }
}
