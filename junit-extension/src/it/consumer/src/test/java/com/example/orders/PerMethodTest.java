package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.s2lite.junit.S2Lite;
import dev.s2lite.junit.S2LiteInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server per test, and the S2 SDKs' variables published as system properties. */
@S2Lite(lifecycle = S2Lite.Lifecycle.PER_METHOD, systemProperties = true)
class PerMethodTest {

  private static final List<URI> endpoints = new ArrayList<>();

  private S2LiteInfo s2;

  @BeforeEach
  void remember(S2LiteInfo s2) {
    this.s2 = s2;
    endpoints.add(s2.endpoint());
  }

  @Test
  void publishesTheServerAsSystemProperties() {
    assertEquals(s2.endpoint().toString(), System.getProperty("S2_ACCOUNT_ENDPOINT"));
  }

  @Test
  void getsAServerOfItsOwn() {
    assertEquals(s2.endpoint().toString(), System.getProperty("S2_BASIN_ENDPOINT"));
  }

  @AfterAll
  static void eachTestHadItsOwnServer() {
    assertEquals(2, endpoints.size());
    assertNotEquals(endpoints.get(0), endpoints.get(1));
  }
}
