package dev.s2lite.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The basins of one run: every name starts with the run's prefix, every basin a case creates is
 * deleted at the end (also after a failure or Ctrl-C), and requests about any other existing
 * basin are refused before they are sent.
 */
public final class RunResources {

  private static final Pattern VALID_BASIN = Pattern.compile("[a-z0-9]([a-z0-9-]{6,46})[a-z0-9]");

  private final String prefix;
  private final AtomicInteger counter = new AtomicInteger();
  private final Set<String> created = new ConcurrentSkipListSet<>();
  private volatile boolean cleaned;

  public RunResources() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    this.prefix = "s2c-" + id + "-";
  }

  /** Every basin of this run starts with this, e.g. {@code s2c-k3x9q2-}. */
  public String prefix() {
    return prefix;
  }

  /** A fresh basin name of this run (not created). */
  public String basinName() {
    return prefix + String.format(Locale.ROOT, "%04d", counter.incrementAndGet());
  }

  /** Remembers a basin to delete at the end. */
  public void created(String basin) {
    created.add(basin);
  }

  public Set<String> createdBasins() {
    return Set.copyOf(created);
  }

  /** Throws unless the request leaves other basins alone. */
  public void check(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {
    String path = uri.getRawPath();
    if (method.equals("POST") && path.equals("/v1/basins") && body != null) {
      try {
        checkCreateBody(Json.MAPPER.readTree(body));
      } catch (java.io.IOException notJson) {
        // A case sending a malformed body on purpose names no basin.
      }
    }
    String[] segments = path.split("/");
    if (segments.length >= 4 && (segments[2].equals("basins") || segments[2].equals("metrics"))) {
      ours(URLDecoder.decode(segments[3], StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase("s2-basin")) {
        ours(h.getValue());
      }
    }
  }

  /** The basin named in a create body must be this run's. */
  public void checkCreateBody(JsonNode body) {
    if (body != null && body.path("basin").isTextual()) {
      ours(body.get("basin").asText());
    }
  }

  private void ours(String basin) {
    if (VALID_BASIN.matcher(basin).matches() && !basin.startsWith(prefix)) {
      throw new CaseAbort("refused: basin " + basin + " is not one of this run's (" + prefix + "*)");
    }
  }

  boolean cleaned() {
    return cleaned;
  }

  void markCleaned() {
    cleaned = true;
  }
}
