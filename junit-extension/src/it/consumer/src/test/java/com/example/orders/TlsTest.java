package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.s2lite.junit.S2Lite;
import dev.s2lite.junit.S2LiteInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** HTTPS with the server's self-signed certificate, HTTP/2 chosen by ALPN (Jetty finds it through a service loader). */
@S2Lite(tls = true)
class TlsTest {

  @Test
  void answersOverHttpsWithHttp2(S2LiteInfo s2) throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(s2.sslContext()).version(HttpClient.Version.HTTP_2).build();

    HttpResponse<String> basins = https.send(HttpRequest.newBuilder(s2.endpoint().resolve("/v1/basins")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals("https", s2.endpoint().getScheme());
    assertEquals(200, basins.statusCode(), basins.body());
    assertEquals(HttpClient.Version.HTTP_2, basins.version());
  }
}
