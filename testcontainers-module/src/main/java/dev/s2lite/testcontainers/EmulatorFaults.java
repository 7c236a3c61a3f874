package dev.s2lite.testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault rules of the emulator in a container ({@code /_emulator/faults}), as
 * {@link S2LiteContainer#faults()} gives them. Each S2 request is checked against the rules in the
 * order they were added; the first that matches and fires acts on it.
 *
 * <pre>{@code
 * S2.faults().failNext(Operation.APPEND, 503);   // the next append gets 503 unavailable
 * S2.faults().add(FaultRule.on(Operation.READ_SESSION).basin("orders-basin").dropSessionAfter(2).once());
 * S2.faults().rules();                            // what is installed, with counts
 * S2.faults().clear();
 * }</pre>
 *
 * <p>Each call throws {@link UnsupportedOperationException} on the official S2 image, which has
 * no faults, and {@link IllegalStateException} with the emulator's error if it refuses a rule.
 */
public final class EmulatorFaults {

  private static final String CAPABILITY = "fault injection";

  private final AdminClient admin;

  EmulatorFaults(AdminClient admin) {
    this.admin = admin;
  }

  /** Installs a rule after the existing ones. */
  public ActiveFault add(FaultRule rule) {
    return fault(admin.post(CAPABILITY, "/faults", rule.toJson(), 201));
  }

  /** Fails the next request of {@code operation} with this status and its usual S2 code. */
  public ActiveFault failNext(Operation operation, int status) {
    return add(FaultRule.on(operation).fail(status).once());
  }

  /** Fails the next request of {@code operation} with this status and S2 error code. */
  public ActiveFault failNext(Operation operation, int status, String code) {
    return add(FaultRule.on(operation).fail(status, code).once());
  }

  /** The installed rules still in force, in the order they are checked. */
  public List<ActiveFault> rules() {
    List<ActiveFault> rules = new ArrayList<>();
    admin.getJson(CAPABILITY, "/faults").get("rules").forEach(r -> rules.add(fault(r)));
    return rules;
  }

  /** Removes one rule; false if there is no such rule (or it was used up or expired). */
  public boolean remove(String id) {
    return admin.delete(CAPABILITY, "/faults/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
  }

  /** Removes every rule. */
  public void clear() {
    admin.delete(CAPABILITY, "/faults");
  }

  private static ActiveFault fault(JsonNode json) {
    JsonNode remaining = json.get("remaining");
    JsonNode expiresAt = json.get("expires_at");
    return new ActiveFault(json.get("id").asText(), json.get("fired").asLong(),
        remaining == null || remaining.isNull() ? null : remaining.asInt(),
        expiresAt == null || expiresAt.isNull() ? null : Instant.parse(expiresAt.asText()));
  }
}
