package dev.s2lite.testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Snapshots of the whole state of the emulator in a container ({@code /_emulator/snapshots}), as
 * {@link S2LiteContainer#snapshots()} gives them: kept in the emulator by name, or as a file
 * (JSON Lines) the test keeps and restores later, in this container or another.
 *
 * <pre>{@code
 * S2.snapshots().save("seeded");
 * S2.reset();
 * S2.snapshots().restore("seeded");               // back to the seeded state
 * byte[] file = S2.snapshots().download();        // the state now, as a file
 * other.snapshots().restoreFrom(file);
 * }</pre>
 *
 * <p>Each call throws {@link UnsupportedOperationException} on the official S2 image, which has
 * no snapshots, and {@link IllegalStateException} with the emulator's error (e.g.
 * {@code 404 snapshot_not_found}) if it refuses.
 */
public final class EmulatorSnapshots {

  private static final String CAPABILITY = "snapshots";
  private static final String NDJSON = "application/x-ndjson";

  private final AdminClient admin;

  EmulatorSnapshots(AdminClient admin) {
    this.admin = admin;
  }

  /** Takes a snapshot of the whole state and keeps it in the emulator as {@code name}, replacing one of that name. */
  public SnapshotInfo save(String name) {
    return info(admin.post(CAPABILITY, "/snapshots", Map.of("name", name), 201));
  }

  /** Replaces all state with snapshot {@code name}. */
  public void restore(String name) {
    admin.post(CAPABILITY, "/snapshots/" + encode(name) + "/restore", null, 204);
  }

  /** The snapshots kept in the emulator. */
  public List<SnapshotInfo> list() {
    List<SnapshotInfo> out = new ArrayList<>();
    admin.getJson(CAPABILITY, "/snapshots").get("snapshots").forEach(s -> out.add(info(s)));
    return out;
  }

  /** Forgets snapshot {@code name}; false if there is none. */
  public boolean delete(String name) {
    return admin.delete(CAPABILITY, "/snapshots/" + encode(name));
  }

  /** The whole state now, as a snapshot file. */
  public byte[] download() {
    return admin.getBytes(CAPABILITY, "/snapshot");
  }

  /** The file of snapshot {@code name}. */
  public byte[] download(String name) {
    return admin.getBytes(CAPABILITY, "/snapshots/" + encode(name));
  }

  /** Replaces all state with a snapshot file ({@link #download()} made it); a bad file changes nothing. */
  public void restoreFrom(byte[] file) {
    admin.upload(CAPABILITY, "POST", "/restore", NDJSON, file, 204);
  }

  /** Keeps a snapshot file in the emulator as {@code name}, to {@link #restore} later. */
  public SnapshotInfo put(String name, byte[] file) {
    return info(admin.upload(CAPABILITY, "PUT", "/snapshots/" + encode(name), NDJSON, file, 201));
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SnapshotInfo info(JsonNode s) {
    JsonNode createdAt = s.get("created_at");
    return new SnapshotInfo(s.get("name").asText(),
        createdAt == null || createdAt.isNull() ? null : Instant.parse(createdAt.asText()),
        s.get("bytes").asLong(), s.get("basins").asLong(), s.get("streams").asLong(), s.get("records").asLong());
  }
}
