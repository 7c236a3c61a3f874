package dev.s2lite.junit;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The S2 SDKs' configuration variables set as system properties; closing restores what was there. */
// JUnit closes AutoCloseable values of its Store from 5.13 on, and only CloseableResource ones before.
@SuppressWarnings("deprecation")
final class PublishedProperties implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  static final String ACCOUNT_ENDPOINT = "S2_ACCOUNT_ENDPOINT";
  static final String BASIN_ENDPOINT = "S2_BASIN_ENDPOINT";
  static final String ACCESS_TOKEN = "S2_ACCESS_TOKEN";

  private final Map<String, String> previous = new HashMap<>();

  private PublishedProperties() {}

  static PublishedProperties publish(URI endpoint, String accessToken) {
    PublishedProperties published = new PublishedProperties();
    published.set(ACCOUNT_ENDPOINT, endpoint.toString());
    published.set(BASIN_ENDPOINT, endpoint.toString());
    published.set(ACCESS_TOKEN, accessToken);
    return published;
  }

  private void set(String name, String value) {
    previous.put(name, System.setProperty(name, value));
  }

  @Override
  public synchronized void close() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
    previous.clear();
  }
}
