package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Runs after ExtensionBehaviourTest (junit-platform.properties orders classes by name). */
class ServerStoppedTest {

  @Test
  void theServerOfAFinishedClassIsStopped() {
    assertNotNull(ExtensionBehaviourTest.endpoint, "ExtensionBehaviourTest ran first");
    HttpRequest health = HttpRequest.newBuilder(ExtensionBehaviourTest.endpoint.resolve("/health")).build();

    assertThrows(ConnectException.class,
        () -> HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.discarding()));
  }
}
