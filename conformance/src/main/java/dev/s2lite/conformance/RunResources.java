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
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicInteger snapshots = new AtomicInteger();
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

  /** A fresh access token id of this run (not issued), e.g. {@code s2c-k3x9q2-t0001}. */
  public String tokenId() {
    return prefix + String.format(Locale.ROOT, "t%04d", tokens.incrementAndGet());
  }

  /** A fresh snapshot name of this run. */
  public String snapshotName() {
    return prefix + String.format(Locale.ROOT, "snap%04d", snapshots.incrementAndGet());
  }

  /** Remembers a basin to delete at the end. */
  public void created(String basin) {
    created.add(basin);
  }

  public Set<String> createdBasins() {
    return Set.copyOf(created);
  }

  /** Throws unless the request leaves other basins, and other access tokens, alone. */
  public void check(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {
    String path = uri.getRawPath();
    JsonNode json = body == null ? null : parse(body);
    if (method.equals("POST") && path.equals("/v1/basins")) {
      checkCreateBody(json);
    }
    if (method.equals("POST") && path.equals("/v1/access-tokens") && json != null && json.path("id").isTextual()) {
      ourToken(json.get("id").asText());
    }
    if (method.equals("POST") && (path.equals("/_emulator/seed") || path.equals("/_emulator/faults")) && json != null) {
      // An init file's basins, or the basin a fault rule is scoped to.
      json.path("basins").forEach(b -> ours(b.path("name").asText("")));
      if (json.path("basin").isTextual()) {
        ours(json.get("basin").asText());
      }
    }
    String[] segments = path.split("/");
    if (segments.length >= 4 && (segments[2].equals("basins") || segments[2].equals("metrics"))) {
      ours(URLDecoder.decode(segments[3], StandardCharsets.UTF_8));
    }
    if (segments.length == 4 && segments[2].equals("access-tokens") && method.equals("DELETE")) {
      ourToken(URLDecoder.decode(segments[3], StandardCharsets.UTF_8));
    }
    if (path.startsWith("/_emulator/") && uri.getRawQuery() != null) {
      for (String param : uri.getRawQuery().split("&")) {
        if (param.startsWith("basin=")) {
          ours(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
        }
      }
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

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (java.io.IOException notJson) {
      // A case sending a malformed body on purpose names nothing.
      return null;
    }
  }

  /** A valid token id must be this run's: issuing or revoking another would touch the account's tokens. */
  private void ourToken(String id) {
    boolean valid = !id.isEmpty() && !id.equals(".") && !id.equals("..") && id.indexOf('\0') < 0
        && id.getBytes(StandardCharsets.UTF_8).length <= 96;
    if (valid && !id.startsWith(prefix)) {
      throw new CaseAbort("refused: access token " + id + " is not one of this run's (" + prefix + "*)");
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
