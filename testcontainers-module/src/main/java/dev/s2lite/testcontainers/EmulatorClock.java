package dev.s2lite.testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The clock of the emulator in a container ({@code /_emulator/clock}), as
 * {@link S2LiteContainer#clock()} gives it. Every move answers the server's time after it; what
 * became due (retention expiry, delete-on-empty, session timers) has run when it returns.
 *
 * <pre>{@code
 * S2.clock().freeze();
 * S2.clock().advance(Duration.ofDays(2));   // records with 1-day retention are gone
 * S2.clock().set(Instant.parse("2030-01-01T00:00:00Z"));
 * S2.clock().resume();
 * }</pre>
 *
 * <p>Each call throws {@link UnsupportedOperationException} on the official S2 image, which has
 * no clock control, and {@link IllegalStateException} with the emulator's error if it refuses.
 */
public final class EmulatorClock {

  private static final String CAPABILITY = "clock control";

  private final AdminClient admin;

  EmulatorClock(AdminClient admin) {
    this.admin = admin;
  }

  /** The server's time now. */
  public Instant now() {
    return now(admin.getJson(CAPABILITY, "/clock"));
  }

  /** Whether the server's time stands still. */
  public boolean isFrozen() {
    return admin.getJson(CAPABILITY, "/clock").get("frozen").asBoolean();
  }

  /** Stops time where it is. */
  public Instant freeze() {
    return now(admin.post(CAPABILITY, "/clock/freeze", null, 200));
  }

  /** Stops time at {@code at}. */
  public Instant freeze(Instant at) {
    return now(admin.post(CAPABILITY, "/clock/freeze", Map.of("at", at.toString()), 200));
  }

  /** Moves time forward by {@code by}, frozen or not, and runs what became due. */
  public Instant advance(Duration by) {
    return now(admin.post(CAPABILITY, "/clock/advance", Map.of("by", by.toString()), 200));
  }

  /** Puts the clock at {@code to}, and runs what became due. */
  public Instant set(Instant to) {
    return now(admin.post(CAPABILITY, "/clock/set", Map.of("to", to.toString()), 200));
  }

  /** Lets time run again from where it stands. */
  public Instant resume() {
    return now(admin.post(CAPABILITY, "/clock/resume", null, 200));
  }

  private static Instant now(JsonNode clock) {
    return Instant.parse(clock.get("now").asText());
  }
}
