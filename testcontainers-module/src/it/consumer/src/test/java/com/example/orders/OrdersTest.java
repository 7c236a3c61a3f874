package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.testcontainers.S2LiteContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

@Testcontainers
@TestMethodOrder(MethodOrderer.MethodName.class) // the second test sees what reset() left
class OrdersTest {

  @Container
  static final S2LiteContainer S2 = new S2LiteContainer();

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void forgetEverything() {
    S2.reset(); // no basins or streams left for the next test; the container keeps running
  }

  @Test
  void appendsAnOrderAndReadsItBack() throws Exception {
    URI s2 = S2.getEndpoint(); // S2_ACCOUNT_ENDPOINT and S2_BASIN_ENDPOINT for an SDK
    send(post(s2.resolve("/v1/basins"), "{\"basin\": \"orders-basin\"}"));
    send(post(s2.resolve("/v1/streams"), "{\"stream\": \"orders\"}"));

    send(post(s2.resolve("/v1/streams/orders/records"), "{\"records\": [{\"body\": \"order-1\"}]}"));
    HttpResponse<String> read = send(HttpRequest.newBuilder(s2.resolve("/v1/streams/orders/records?seq_num=0"))
        .header("s2-basin", "orders-basin").build());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"body\":\"order-1\"");
  }

  @Test
  void startsEachTestWithNoBasins() throws Exception {
    HttpResponse<String> basins = send(HttpRequest.newBuilder(S2.getEndpoint().resolve("/v1/basins")).build());

    assertThat(basins.body()).isEqualTo("{\"basins\":[],\"has_more\":false}");
  }

  private static HttpRequest post(URI uri, String json) {
    return HttpRequest.newBuilder(uri).header("content-type", "application/json")
        .header("s2-basin", "orders-basin").POST(BodyPublishers.ofString(json)).build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
        .isBetween(200, 299);
    return response;
  }
}
