package dev.s2lite.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.S2LiteServer;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS as s2-lite serves it: ALPN offers h2 and http/1.1; real clients that trust the certificate. */
class TlsTest {

  @TempDir
  Path dir;

  private static HttpResponse<String> get(S2LiteServer server, HttpClient.Version version, String path)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(version).sslContext(server.sslContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
    return client.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSelfSignedServerSpeaksHttp11AndHttp2ByAlpnToAClientThatTrustsIt() throws Exception {
    try (S2LiteServer server = S2LiteServer.builder().tls(TlsCertificate.selfSigned()).build().start()) {
      assertThat(server.endpoint().getScheme()).isEqualTo("https");

      HttpResponse<String> h1 = get(server, HttpClient.Version.HTTP_1_1, "/v1/basins");
      assertThat(h1.statusCode()).isEqualTo(200);
      assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(h1.body()).isEqualTo("{\"basins\":[],\"has_more\":false}");

      HttpResponse<String> h2 = get(server, HttpClient.Version.HTTP_2, "/health");
      assertThat(h2.statusCode()).isEqualTo(200);
      assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(get(server, HttpClient.Version.HTTP_1_1, "/dashboard/config.json").body())
          .as("config.json's tls, as s2-lite's --tls-self").contains("\"tls\":\"self_signed\"");
    }
  }

  @Test
  void okHttpNegotiatesHttp2OverTls() throws Exception {
    try (S2LiteServer server = S2LiteServer.builder().tls(TlsCertificate.selfSigned()).build().start()) {
      OkHttpClient client = new OkHttpClient.Builder()
          .sslSocketFactory(server.sslContext().getSocketFactory(), trustManager(server))
          .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
          .build();
      try (Response response = client.newCall(new Request.Builder().url(server.endpoint() + "/v1/basins").build())
          .execute()) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      }
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
    try (S2LiteServer server = S2LiteServer.builder().tls(TlsCertificate.selfSigned()).build().start()) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aCertificateAndKeyFromPemFilesServeHttps() throws Exception {
    TlsCertificate made = TlsCertificate.selfSigned();
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, made.certificatePem());
    Files.writeString(key, pem(made.keyStore("pw".toCharArray()).getKey("s2lite", "pw".toCharArray())));

    TlsCertificate loaded = TlsCertificate.fromPem(cert, key);

    assertThat(loaded.fingerprint()).isEqualTo(made.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    try (S2LiteServer server = S2LiteServer.builder().tls(loaded).build().start()) {
      assertThat(get(server, HttpClient.Version.HTTP_2, "/health").body()).isEqualTo("OK");
      assertThat(get(server, HttpClient.Version.HTTP_2, "/dashboard/config.json").body())
          .as("config.json's tls, as s2-lite's --tls-cert").contains("\"tls\":\"certificate\"");
    }
  }

  @Test
  void pemFilesWithoutACertificateOrKeyAreRefusedWithTheReason() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Path cert = Files.writeString(dir.resolve("cert.pem"), TlsCertificate.selfSigned().certificatePem());
    assertThatThrownBy(() -> TlsCertificate.fromPem(empty, cert)).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> TlsCertificate.fromPem(cert, empty)).hasMessageContaining("no PEM private key");
  }

  private static String pem(java.security.Key key) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      // PKCS#8 ("PRIVATE KEY"), what openssl genpkey and most CAs' tools write.
      writer.writeObject(new JcaPKCS8Generator((PrivateKey) key, null));
    }
    return out.toString();
  }

  private static X509TrustManager trustManager(S2LiteServer server) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("s2lite", server.tlsCertificate().certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

}
