package dev.s2lite.junit;

import dev.s2lite.emulator.S2LiteServer;
import java.net.URI;
import java.util.function.Supplier;

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

  /** A bearer token for S2 clients; the emulator, like s2-lite, accepts any. */
  public String accessToken() {
    return S2LiteServer.ACCESS_TOKEN;
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
