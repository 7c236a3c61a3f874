package dev.s2lite.conformance;

import dev.s2lite.emulator.S2LiteServer;
import java.time.Duration;
import java.util.UUID;

/**
 * The embedded emulators of a run: one as s2-lite runs (any token accepted), where the cases run,
 * and one started as with {@code --auth}, for the cases about token checks. Both are this run's
 * alone, so cases may reset them and move their clocks.
 */
public final class EmbeddedTarget implements AutoCloseable {

  private final S2LiteServer server;
  private final S2LiteServer checking;
  private final String rootToken = "conformance-root-" + UUID.randomUUID();

  private EmbeddedTarget() {
    server = start(false);
    try {
      checking = start(true);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private S2LiteServer start(boolean auth) {
    // Short heartbeats keep the session cases quick.
    S2LiteServer.Builder b = S2LiteServer.builder().heartbeatInterval(Duration.ofMillis(500), Duration.ofMillis(1000));
    return (auth ? b.auth(true).rootToken(rootToken) : b).build().start();
  }

  public static EmbeddedTarget start() {
    return new EmbeddedTarget();
  }

  /** The server the cases run on. */
  public S2LiteServer server() {
    return server;
  }

  /** The target: the first server, with token checks on the second, both disposable. */
  public Target target() {
    return target(TargetKind.EMULATOR);
  }

  /** The target, said to be of another kind (to see which cases another kind of server would pass). */
  public Target target(TargetKind kind) {
    Target checks = new Target(kind, checking.endpoint(), checking.endpoint().toString(), rootToken)
        .withDisposable(true);
    return new Target(kind, server.endpoint(), server.endpoint().toString(), S2LiteServer.ACCESS_TOKEN)
        .withDisposable(true).withTokenChecking(checks);
  }

  @Override
  public void close() {
    try {
      checking.close();
    } finally {
      server.close();
    }
  }
}
