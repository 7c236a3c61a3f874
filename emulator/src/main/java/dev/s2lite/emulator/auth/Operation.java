package dev.s2lite.emulator.auth;

import java.util.Locale;

/**
 * An S2 API operation, as access token scopes name it ({@code "list-basins"}, {@code "append"}...).
 * Each belongs to one operation group level and is a read or a write there, which is what
 * {@code op_groups} grant.
 */
public enum Operation {
  LIST_BASINS(Level.ACCOUNT, false),
  CREATE_BASIN(Level.ACCOUNT, true),
  DELETE_BASIN(Level.ACCOUNT, true),
  RECONFIGURE_BASIN(Level.ACCOUNT, true),
  GET_BASIN_CONFIG(Level.ACCOUNT, false),
  ISSUE_ACCESS_TOKEN(Level.ACCOUNT, true),
  REVOKE_ACCESS_TOKEN(Level.ACCOUNT, true),
  LIST_ACCESS_TOKENS(Level.ACCOUNT, false),
  LIST_STREAMS(Level.BASIN, false),
  CREATE_STREAM(Level.BASIN, true),
  DELETE_STREAM(Level.BASIN, true),
  GET_STREAM_CONFIG(Level.BASIN, false),
  RECONFIGURE_STREAM(Level.BASIN, true),
  CHECK_TAIL(Level.STREAM, false),
  APPEND(Level.STREAM, true),
  READ(Level.STREAM, false),
  TRIM(Level.STREAM, true),
  FENCE(Level.STREAM, true),
  ACCOUNT_METRICS(Level.ACCOUNT, false),
  BASIN_METRICS(Level.BASIN, false),
  STREAM_METRICS(Level.STREAM, false),
  // s2-lite 0.43's API knows these three; its locations routes answer 501.
  LIST_LOCATIONS(Level.ACCOUNT, false),
  GET_DEFAULT_LOCATION(Level.ACCOUNT, false),
  SET_DEFAULT_LOCATION(Level.ACCOUNT, true);

  /** The operation group an operation belongs to. */
  public enum Level { ACCOUNT, BASIN, STREAM }

  private final Level level;
  private final boolean write;
  private final String wire;

  Operation(Level level, boolean write) {
    this.level = level;
    this.write = write;
    this.wire = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public Level level() {
    return level;
  }

  /** Whether the group's {@code write} permission grants it (else its {@code read}). */
  public boolean isWrite() {
    return write;
  }

  /** The name on the wire, e.g. {@code "issue-access-token"}. */
  public String wire() {
    return wire;
  }

  /** The operation with this wire name, or null. */
  public static Operation fromWire(String wire) {
    for (Operation op : values()) {
      if (op.wire.equals(wire)) {
        return op;
      }
    }
    return null;
  }
}
