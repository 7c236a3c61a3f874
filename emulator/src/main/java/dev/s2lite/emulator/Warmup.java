package dev.s2lite.emulator;

/**
 * Start-up takes most of its time loading classes. While the main thread parses the command
 * line, a second thread loads and initializes the heaviest ones, so a fresh {@code java -jar}
 * answers sooner on a machine with more than one core.
 */
final class Warmup {

  private static final String[] CLASSES = {
      // Jetty's thread pool sizes itself through JMX: some 240 JDK classes.
      "org.eclipse.jetty.util.MemoryUtils",
      "io.javalin.Javalin",
      "io.javalin.config.JavalinConfig",
      "org.eclipse.jetty.server.Server",
      "org.eclipse.jetty.server.ServerConnector",
      "org.eclipse.jetty.server.HttpConnectionFactory",
      "org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory",
      "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
      "org.eclipse.jetty.util.thread.QueuedThreadPool",
      "org.eclipse.jetty.http.HttpParser",
      "org.eclipse.jetty.http.HttpGenerator",
      "org.eclipse.jetty.server.internal.HttpConnection",
      "com.fasterxml.jackson.databind.ObjectMapper",
      "dev.s2lite.emulator.json.Json",
  };

  private Warmup() {}

  static void inBackground() {
    Thread t = new Thread(() -> {
      ClassLoader loader = Warmup.class.getClassLoader();
      for (String name : CLASSES) {
        try {
          Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // Only a head start; the real start-up loads whatever it needs itself.
        }
      }
    }, "s2lite-warmup");
    t.setDaemon(true);
    t.start();
  }
}
