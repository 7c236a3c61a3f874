package dev.s2lite.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.tls.TlsCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The container image's health check, against real servers (HTTP and TLS) and a closed port. */
class HealthCheckTest {

  @Test
  void aServingEmulatorIsHealthy() {
    try (S2LiteServer server = S2LiteServer.builder().port(0).build().start()) {
      assertThat(HealthCheck.check(server.port())).isZero();
    }
  }

  @Test
  void anEmulatorServingTlsWithASelfSignedCertificateIsHealthy() {
    try (S2LiteServer server = S2LiteServer.builder().port(0).tls(TlsCertificate.selfSigned()).build().start()) {
      assertThat(HealthCheck.check(server.port())).isZero();
    }
  }

  @Test
  void aPortNobodyListensOnIsUnhealthy() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    assertThat(HealthCheck.check(closedPort)).isEqualTo(1);
  }
}
