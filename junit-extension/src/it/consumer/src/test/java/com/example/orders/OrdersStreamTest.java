package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s2lite.junit.S2Lite;
import dev.s2lite.junit.S2LiteInfo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

@S2Lite(basins = "orders-basin")
class OrdersStreamTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void appendsTwoRecordsAndReadsThemBack(S2LiteInfo s2) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(s2.endpoint().resolve("/v1/streams"))
        .header("s2-basin", "orders-basin")
        .header("content-type", "application/json")
        .POST(BodyPublishers.ofString("{\"stream\": \"orders/eu\"}"))
        .build(), BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());

    HttpResponse<String> ack = http.send(HttpRequest.newBuilder(s2.endpoint().resolve("/v1/streams/orders%2Feu/records"))
        .header("s2-basin", "orders-basin")
        .header("content-type", "application/json")
        .POST(BodyPublishers.ofString("{\"records\": [{\"body\": \"first\"}, {\"body\": \"second\"}]}"))
        .build(), BodyHandlers.ofString());
    assertEquals(200, ack.statusCode(), ack.body());

    HttpResponse<String> read = http.send(HttpRequest.newBuilder(s2.endpoint().resolve("/v1/streams/orders%2Feu/records?seq_num=0"))
        .header("s2-basin", "orders-basin")
        .build(), BodyHandlers.ofString());
    assertTrue(read.body().contains("\"body\":\"second\""), read.body());
  }
}
