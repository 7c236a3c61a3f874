package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s2lite.junit.S2Lite;
import dev.s2lite.junit.S2LiteInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What @S2Lite does on the JUnit this project declares: appends and reads, h2c, nesting, a clean classpath. */
@S2Lite(basins = "orders-basin")
class ExtensionBehaviourTest {

  /** Read by ServerStoppedTest, which runs after this class. */
  static volatile URI endpoint;

  private final S2LiteInfo s2;

  ExtensionBehaviourTest(S2LiteInfo s2) {
    this.s2 = s2;
    endpoint = s2.endpoint();
  }

  @Test
  void appendsTwoRecordsAndReadsThemBack() throws Exception {
    HttpResponse<String> created = S2.send(s2.endpoint(), "orders-basin", "POST", "/v1/streams", "{\"stream\":\"orders/eu\"}");
    assertEquals(201, created.statusCode(), created.body());

    HttpResponse<String> ack = S2.send(s2.endpoint(), "orders-basin", "POST", "/v1/streams/orders%2Feu/records",
        "{\"records\":[{\"body\":\"first\"},{\"body\":\"second\"}]}");
    assertEquals(200, ack.statusCode(), ack.body());
    assertTrue(ack.body().contains("\"end\":{\"seq_num\":2"), ack.body());

    HttpResponse<String> read = S2.send(s2.endpoint(), "orders-basin", "GET", "/v1/streams/orders%2Feu/records?seq_num=0", null);
    assertEquals(200, read.statusCode(), read.body());
    assertTrue(read.body().matches(".*\"seq_num\":0,[^}]*\"body\":\"first\".*\"seq_num\":1,[^}]*\"body\":\"second\".*"), read.body());
  }

  @Test
  void answersOverHttp2Cleartext() throws Exception {
    HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest list = HttpRequest.newBuilder(s2.endpoint().resolve("/v1/basins")).build();

    h2c.send(list, HttpResponse.BodyHandlers.ofString()); // the upgrade to h2c happens on the first request
    HttpResponse<String> basins = h2c.send(list, HttpResponse.BodyHandlers.ofString());

    assertEquals(HttpClient.Version.HTTP_2, basins.version());
    assertTrue(basins.body().contains("\"name\":\"orders-basin\""), basins.body());
  }

  @Test
  void bringsNeitherALoggingBindingNorUnrelocatedLibraries() {
    for (String absent : new String[] {"org.slf4j.simple.SimpleServiceProvider", "io.javalin.Javalin",
        "picocli.CommandLine"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent);
    }
  }

  @Test
  void runsOnTheJUnitTheProjectDeclares() throws Exception {
    String expected = System.getProperty("expected.junit.version");
    assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api");
    assertEquals(expected, Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage()
        .getImplementationVersion(), "junit-jupiter-engine");
  }

  @Nested
  class WhenNested {
    @Test
    void sharesTheEnclosingServer(S2LiteInfo inner) {
      assertEquals(s2.endpoint(), inner.endpoint());
    }
  }
}
