package dev.s2lite.conformance;

import java.net.URI;

/**
 * Where the cases send their requests. The account endpoint serves {@code /v1/basins} and the
 * other account routes; the basin endpoint serves {@code /v1/streams...}. A basin endpoint
 * whose host starts with {@code {basin}.} (the cloud's {@code https://{basin}.b.s2.dev}) names
 * the basin in the host; any other is direct, and requests name the basin in {@code S2-Basin}.
 *
 * @param kind what the server is, for choosing the cases that apply
 * @param accessToken sent as {@code Authorization: Bearer}; s2-lite and the emulator ignore it
 */
public record Target(TargetKind kind, URI accountEndpoint, String basinEndpoint, String accessToken) {

  public static final String BASIN_PLACEHOLDER = "{basin}";

  /** Whether the basin goes in the host name (no {@code S2-Basin} header). */
  public boolean basinInHost() {
    return basinEndpoint.contains(BASIN_PLACEHOLDER);
  }

  /** The base URI of requests about {@code basin}'s streams. */
  public URI basinUri(String basin) {
    return URI.create(stripSlash(basinEndpoint.replace(BASIN_PLACEHOLDER, basin)));
  }

  public URI accountUri() {
    return URI.create(stripSlash(accountEndpoint.toString()));
  }

  private static String stripSlash(String s) {
    // The SDKs keep only scheme and authority of an endpoint; paths are always /v1/...
    URI u = URI.create(s.replace(BASIN_PLACEHOLDER, "basin-placeholder"));
    String authority = s.substring(s.indexOf("://") + 3);
    int slash = authority.indexOf('/');
    if (slash >= 0) {
      authority = authority.substring(0, slash);
    }
    return u.getScheme() + "://" + authority;
  }

  /** How the report names the target. */
  public String describe() {
    return kind.label() + " at " + accountUri()
        + (basinEndpoint.equals(accountEndpoint.toString()) ? "" : " (basins: " + basinEndpoint + ")");
  }
}
