package dev.s2lite.testcontainers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the emulator saw it. The {@code Authorization} bearer token and the
 * {@code s2-encryption-key} header appear as {@code <redacted>}.
 *
 * @param id increasing from 1 in arrival order
 * @param at when it arrived, on the server's clock
 * @param path the raw path and query, as sent (percent-encoded)
 * @param basin the basin it addresses, or null
 * @param stream the stream it addresses (decoded), or null
 * @param headers request headers in arrival order, lower-case names
 * @param status the response status; 0 while it is still being served or when the connection was closed
 * @param duration how long it took to serve (so far, for one in progress)
 * @param faultRule the id of the fault rule that acted on it, or null
 * @param completed false while it is still being served (an open session)
 */
public record JournalEntry(
    long id,
    Instant at,
    String method,
    String path,
    Operation operation,
    String basin,
    String stream,
    List<Map.Entry<String, String>> headers,
    BodySummary body,
    int status,
    Duration duration,
    String faultRule,
    boolean completed) {

  /** The first value of a request header (name case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /**
   * What the request body was: its size and type, and its beginning when it is text (JSON).
   *
   * @param bytes the body's size as sent
   * @param text the first 1024 characters of a text body, or null
   * @param truncated whether {@code text} is cut short
   */
  public record BodySummary(long bytes, String contentType, String contentEncoding, String text, boolean truncated) {}
}
