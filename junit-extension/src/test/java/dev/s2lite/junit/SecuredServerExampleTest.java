package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.auth.AccessTokenInfo;
import dev.s2lite.emulator.auth.AccessTokenScope;
import dev.s2lite.emulator.auth.ReadWrite;
import dev.s2lite.emulator.auth.ResourceSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A worked example: {@code @S2Lite(auth = true, tls = true)} starts a server that checks bearer
 * tokens as the S2 cloud does and speaks HTTPS with a self-signed certificate; the test gets the
 * root token, an {@code SSLContext} that trusts the server, and issues scoped tokens in code.
 */
@S2Lite(auth = true, tls = true)
class SecuredServerExampleTest {

  @Test
  void aScopedTokenMayDoWhatItsScopeSaysAndNoMore(S2LiteInfo s2) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(s2.sslContext()).build();
    URI endpoint = s2.endpoint();
    String basin = s2.uniqueBasinName();
    String reader = s2.issueAccessToken(new AccessTokenInfo("basin-reader", null, false,
        AccessTokenScope.builder().basins(ResourceSet.prefix("")).accountGroup(ReadWrite.READ_ONLY).build()));

    assertThat(endpoint.getScheme()).isEqualTo("https");
    assertThat(send(client, createBasin(endpoint, basin), s2.accessToken()).statusCode()).isEqualTo(201);
    HttpResponse<String> listed = send(client, HttpRequest.newBuilder(endpoint.resolve("/v1/basins")), reader);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains(basin);
    HttpResponse<String> refused = send(client, createBasin(endpoint, basin + "-2"), reader);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("permission_denied");
    assertThat(send(client, HttpRequest.newBuilder(endpoint.resolve("/v1/basins")), null).statusCode())
        .isEqualTo(401);
  }

  private static HttpRequest.Builder createBasin(URI endpoint, String basin) {
    return HttpRequest.newBuilder(endpoint.resolve("/v1/basins")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"basin\": \"" + basin + "\"}"));
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request, String token)
      throws Exception {
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
