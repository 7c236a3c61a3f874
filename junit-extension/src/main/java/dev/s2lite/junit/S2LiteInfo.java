package dev.s2lite.junit;

import dev.s2lite.emulator.auth.AccessTokenInfo;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.clock.ControlledClock;
import dev.s2lite.emulator.fault.Faults;
import dev.s2lite.emulator.journal.Journal;
import dev.s2lite.emulator.snapshot.Snapshots;
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

  /**
   * Forgets one basin with its streams and records at once; other basins (other tests' too) are
   * untouched, so this needs no waiting.
   */
  public void reset(String basin) {
    server.server().reset(basin);
  }

  /**
   * The server's clock: freeze it, set it, advance it (what became due, such as retention expiry,
   * has happened when the call returns), resume it. It is the server's: tests sharing the server
   * see it move too.
   *
   * <pre>{@code
   * s2.clock().advance(Duration.ofDays(8)); // 7-day-old records are gone, no sleeping
   * }</pre>
   */
  public ControlledClock clock() {
    return server.server().clock();
  }

  /**
   * Fault rules for the server's S2 requests: errors, latency, dropped sessions, closed
   * connections. Scope a rule to your test's basin when other tests share the server.
   *
   * <pre>{@code
   * s2.faults().failNext(Operation.APPEND, 503);
   * }</pre>
   */
  public Faults faults() {
    return server.server().faults();
  }

  /**
   * The last requests the server received, to check what your code sent.
   *
   * <pre>{@code
   * List<JournalEntry> appends = s2.journal().requests(JournalQuery.operation(Operation.APPEND).basin(basin));
   * }</pre>
   */
  public Journal journal() {
    return server.server().journal();
  }

  /**
   * Snapshots of the server's whole state, by name in memory or as files. Restoring replaces the
   * state every test on the server sees: use {@link #restore(String)}, which waits as
   * {@link #reset()} does.
   */
  public Snapshots snapshots() {
    return server.server().snapshots();
  }

  /** Replaces all state with a snapshot taken by {@code snapshots().save(name)}, waiting for the tests beside this one. */
  public void restore(String snapshotName) {
    server.gate().alone(ownLease.get(), () -> server.server().snapshots().restore(snapshotName));
  }

  /** Creates or reconfigures basins and streams from an init file's JSON (the {@code initFile} format), now. */
  public void seed(String initFileJson) {
    server.server().seed(initFileJson);
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
