package dev.s2lite.emulator.store.s3;

import dev.s2lite.emulator.testing.S3Proxy;
import java.time.Duration;
import java.util.UUID;

/** Stores on the test S3 servers, each on a path of its own in a shared bucket. */
final class TestStores {

  static final String BUCKET = "s2lite-test";

  private TestStores() {}

  /** A unique path, so tests sharing a server never see each other's objects. */
  static String uniquePath() {
    return "t/" + UUID.randomUUID();
  }

  /** Settings for a store on s3proxy, with a short flush interval so sequential tests run fast. */
  static S3Settings.Builder onS3Proxy(String path) {
    S3Proxy proxy = S3Proxy.shared();
    proxy.createBucket(BUCKET);
    return S3Settings.builder(BUCKET).path(path).aws(proxy.aws())
        .flushInterval(Duration.ofMillis(5))
        .retryTimeout(Duration.ofSeconds(10));
  }

  static S3Settings.Builder on(AtomicS3Server server, String path) {
    server.createBucket(BUCKET);
    return S3Settings.builder(BUCKET).path(path).aws(server.aws())
        .flushInterval(Duration.ofMillis(5))
        .retryTimeout(Duration.ofSeconds(10));
  }
}
