package dev.s2lite.junit;

import dev.s2lite.emulator.auth.AccessTokenInfo;
import java.net.URI;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The S2 server of the current test, injected as a parameter into test constructors, lifecycle
 * methods and test methods of classes with {@link S2Lite} or a registered {@link S2LiteExtension}.
 *
 * <pre>{@code
 * @Test
 * void createsABasin(S2LiteInfo s2) {
 *   URI endpoint = s2.endpoint();           // S2_ACCOUNT_ENDPOINT and S2_BASIN_ENDPOINT
 *   String token = s2.accessToken();        // S2_ACCESS_TOKEN (not checked)
 *   String basin = s2.uniqueBasinName();    // e.g. "createsabasin-7"
 * }
 * }</pre>
 */
public final class S2LiteInfo {

  private final RunningServer server;
  private final Supplier<Gate.Lease> ownLease;
  private final Supplier<String> basinNames;

  S2LiteInfo(RunningServer server, Supplier<Gate.Lease> ownLease, Supplier<String> basinNames) {
    this.server = server;
    this.ownLease = ownLease;
    this.basinNames = basinNames;
  }

  /**
   * The server's base URI, e.g. {@code http://127.0.0.1:41234}: both the account endpoint and the
   * basin endpoint, as with s2-lite (basins are named in the {@code S2-Basin} header).
   */
  public URI endpoint() {
    return server.endpoint();
  }

  /**
   * The bearer token for S2 clients ({@code S2_ACCESS_TOKEN}): with {@link S2Lite#auth()} the root
   * token, which may do everything; otherwise {@code "ignored"}, and any token is accepted, as by
   * s2-lite.
   */
  public String accessToken() {
    return server.accessToken();
  }

  /**
   * Issues an access token, as the root token would with {@code POST /v1/access-tokens}, and
   * returns the string a client sends as its bearer token. Checked only with {@link S2Lite#auth()}.
   *
   * <pre>{@code
   * String reader = s2.issueAccessToken(new AccessTokenInfo("reader", null, false,
   *     AccessTokenScope.builder().basins(ResourceSet.exact("orders-basin"))
   *         .streams(ResourceSet.prefix("")).streamGroup(ReadWrite.READ_ONLY).build()));
   * }</pre>
   *
   * @throws dev.s2lite.emulator.error.S2Error as the API answers: {@code 422 invalid} for a scope
   *     granting nothing, {@code 409 resource_already_exists} for an id in use
   */
  public String issueAccessToken(AccessTokenInfo token) {
    return server.issueAccessToken(token);
  }

  /** An {@link SSLContext} trusting the server's self-signed certificate ({@link S2Lite#tls()}), else null. */
  public SSLContext sslContext() {
    return server.sslContext();
  }

  /**
   * Forgets every basin, stream and record of the server, including those of the init file and
   * {@code basins}. Other tests sharing the server never see it happen mid-test: the reset waits
   * until they have finished (after their {@code @AfterEach}) and holds back tests that start
   * meanwhile.
   */
  public void reset() {
    server.gate().alone(ownLease.get(), server::reset);
  }

  /** A valid basin name that no other test of this run gets; the test's name makes it readable. */
  public String uniqueBasinName() {
    return basinNames.get();
  }

  @Override
  public String toString() {
    return "S2LiteInfo[" + endpoint() + "]";
  }
}
