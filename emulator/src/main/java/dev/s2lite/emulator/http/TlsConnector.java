package dev.s2lite.emulator.http;

import dev.s2lite.emulator.tls.TlsCertificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The TLS listener: ALPN picks HTTP/2 ({@code h2}) or HTTP/1.1 per connection, as axum-server's. */
final class TlsConnector {

  private TlsConnector() {}

  static ServerConnector create(Server server, HttpConfiguration plain, TlsCertificate tls,
      Duration idleTimeout, int h2ControlEventsPerSecond) {
    char[] password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(12)).toCharArray();
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore(password));
    ssl.setKeyStorePassword(new String(password));
    HttpConfiguration https = new HttpConfiguration(plain);
    // Clients reach the emulator by IP as often as by name: no SNI host check.
    https.addCustomizer(new SecureRequestCustomizer(false));
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
    h2.setStreamIdleTimeout(idleTimeout.toMillis());
    h2.setMaxConcurrentStreams(1024);
    h2.setRateControlFactory(new WindowRateControl.Factory(h2ControlEventsPerSecond));
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
    alpn.setDefaultProtocol("http/1.1");
    return new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
        new HttpConnectionFactory(https));
  }
}
