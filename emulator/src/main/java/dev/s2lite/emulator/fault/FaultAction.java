package dev.s2lite.emulator.fault;

import java.time.Duration;
import java.util.Objects;

/** What a fault rule does to a request it matches. */
public sealed interface FaultAction {

  /**
   * Answers with an S2 error instead of serving the request: nothing is stored.
   *
   * @param status an HTTP status from 400 to 599
   * @param code the S2 error {@code code}; clients retry by it (with the status)
   */
  record Fail(int status, String code, String message) implements FaultAction {
    public Fail {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an error status is between 400 and 599, got " + status);
      }
      if (code == null || code.isBlank()) {
        throw new IllegalArgumentException("an error needs a code");
      }
      Objects.requireNonNull(message, "message");
    }
  }

  /** Holds the request for {@code latency} before serving it as usual. */
  record Delay(Duration latency) implements FaultAction {
    /** Long enough for any timeout test; longer is a mistake. */
    public static final Duration MAX = Duration.ofMinutes(10);

    public Delay {
      if (latency.isNegative() || latency.compareTo(MAX) > 0) {
        throw new IllegalArgumentException("latency must be between 0 and " + MAX + ", got " + latency);
      }
    }
  }

  /**
   * Serves a session for {@code afterMessages} messages (batches, heartbeats, acks), then drops it
   * without its normal end: HTTP/1.1 loses the connection, HTTP/2 resets the stream. Matches
   * session requests only.
   */
  record DropSession(int afterMessages) implements FaultAction {
    public DropSession {
      if (afterMessages < 0) {
        throw new IllegalArgumentException("afterMessages must not be negative, got " + afterMessages);
      }
    }
  }

  /** Closes the client's connection (with every request on it) before answering. */
  record CloseConnection() implements FaultAction {}
}
