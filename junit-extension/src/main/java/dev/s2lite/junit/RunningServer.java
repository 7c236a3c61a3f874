package dev.s2lite.junit;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.auth.AccessTokenInfo;
import dev.s2lite.emulator.init.InitFileException;
import dev.s2lite.emulator.tls.TlsCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One emulator started for a declaration, with the gate its tests pass; closing stops it. */
// JUnit closes AutoCloseable values of its Store from 5.13 on, and only CloseableResource ones before.
@SuppressWarnings("deprecation")
final class RunningServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  private final S2LiteServer server;
  private final Gate gate = new Gate();
  private final Consumer<ServerEvents.Event> events;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunningServer(S2LiteServer server, Consumer<ServerEvents.Event> events) {
    this.server = server;
    this.events = events;
  }

  static RunningServer start(Declaration declaration, ClassLoader loader, Consumer<ServerEvents.Event> events) {
    Config config = declaration.config();
    S2LiteServer.Builder builder = S2LiteServer.builder().host("127.0.0.1").port(0)
        .auth(config.auth()).tls(config.tls() ? TlsCertificate.selfSigned() : null);
    if (!config.initFile().isEmpty()) {
      builder.initFile("classpath:" + config.initFile(), read(declaration, loader));
    }
    try {
      builder.basins(config.basins());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(declaration.origin() + ": basins: " + e.getMessage());
    }
    S2LiteServer server;
    try {
      server = builder.build().start();
    } catch (InitFileException e) {
      throw new ExtensionConfigurationException(declaration.origin() + ": " + e.getMessage(), e);
    }
    RunningServer running = new RunningServer(server, events);
    events.accept(new ServerEvents.Event(ServerEvents.Kind.STARTED, server.endpoint(), System.nanoTime()));
    return running;
  }

  private static byte[] read(Declaration declaration, ClassLoader loader) {
    String name = declaration.config().initFile();
    String resource = name.startsWith("/") ? name.substring(1) : name;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ExtensionConfigurationException(declaration.origin() + ": init file \"" + name
            + "\" not found on the classpath (initFile names a classpath resource, e.g. \"s2/init.json\""
            + " for src/test/resources/s2/init.json)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ExtensionConfigurationException(
          declaration.origin() + ": cannot read init file \"" + name + "\": " + e.getMessage(), e);
    }
  }

  URI endpoint() {
    return server.endpoint();
  }

  String accessToken() {
    return server.accessToken();
  }

  String issueAccessToken(AccessTokenInfo token) {
    return server.issueAccessToken(token);
  }

  SSLContext sslContext() {
    return server.sslContext();
  }

  Gate gate() {
    return gate;
  }

  S2LiteServer server() {
    return server;
  }

  void reset() {
    server.reset();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      URI endpoint = server.endpoint();
      server.close();
      events.accept(new ServerEvents.Event(ServerEvents.Kind.STOPPED, endpoint, System.nanoTime()));
    }
  }
}
