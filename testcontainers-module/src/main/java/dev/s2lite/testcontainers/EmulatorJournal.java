package dev.s2lite.testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request journal of the emulator in a container ({@code /_emulator/journal}), as
 * {@link S2LiteContainer#journal()} gives it: the last requests (1000 by default), oldest first.
 *
 * <pre>{@code
 * List<JournalEntry> appends = S2.journal().requests(JournalQuery.operation(Operation.APPEND).basin("orders-basin"));
 * assertThat(appends).extracting(JournalEntry::status).containsExactly(503, 200);
 * S2.journal().clear();
 * }</pre>
 *
 * <p>Each call throws {@link UnsupportedOperationException} on the official S2 image, which has
 * no journal.
 */
public final class EmulatorJournal {

  private static final String CAPABILITY = "journal";

  private final AdminClient admin;

  EmulatorJournal(AdminClient admin) {
    this.admin = admin;
  }

  /** Every kept entry, oldest first. */
  public List<JournalEntry> requests() {
    return requests(JournalQuery.ALL);
  }

  /** The kept entries the query matches, oldest first. */
  public List<JournalEntry> requests(JournalQuery query) {
    return last(Integer.MAX_VALUE, query);
  }

  /** The last {@code n} entries the query matches, oldest first. */
  public List<JournalEntry> last(int n, JournalQuery query) {
    List<JournalEntry> entries = new ArrayList<>();
    admin.getJson(CAPABILITY, "/journal?" + query.toQueryString(n)).get("requests").forEach(e -> entries.add(entry(e)));
    return entries;
  }

  /** Forgets every entry; ids keep counting. */
  public void clear() {
    admin.delete(CAPABILITY, "/journal");
  }

  private static JournalEntry entry(JsonNode e) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    e.get("headers").forEach(h -> headers.add(new AbstractMap.SimpleImmutableEntry<>(h.get(0).asText(), h.get(1).asText())));
    JsonNode body = e.get("body");
    return new JournalEntry(
        e.get("id").asLong(),
        Instant.parse(e.get("at").asText()),
        e.get("method").asText(),
        e.get("path").asText(),
        Operation.fromWire(e.get("operation").asText()),
        text(e, "basin"),
        text(e, "stream"),
        List.copyOf(headers),
        new JournalEntry.BodySummary(body.get("bytes").asLong(), text(body, "content_type"),
            text(body, "content_encoding"), text(body, "text"), body.get("truncated").asBoolean()),
        e.get("status").asInt(),
        Duration.ofNanos(Math.round(e.get("duration_ms").asDouble() * 1e6)),
        text(e, "fault_rule"),
        e.get("completed").asBoolean());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
