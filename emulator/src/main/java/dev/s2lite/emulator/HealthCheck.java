package dev.s2lite.emulator;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * {@code java -cp s2lite.jar dev.s2lite.emulator.HealthCheck [PORT]}: exits 0 when the emulator
 * on this machine answers {@code GET /health} on PORT (default 8080) with {@code 200}, and 1
 * otherwise. The container image's {@code HEALTHCHECK}: the image has no curl or shell.
 */
public final class HealthCheck {

  private static final int TIMEOUT_MILLIS = 5_000;

  private HealthCheck() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    System.exit(check(port));
  }

  /** 0 if {@code http://127.0.0.1:PORT/health} answers 200, else 1 (the reason on stderr). */
  static int check(int port) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      int status = connection.getResponseCode();
      if (status == 200) {
        return 0;
      }
      System.err.println("s2lite health: GET /health answered " + status);
    } catch (IOException e) {
      System.err.println("s2lite health: no answer on port " + port + ": " + e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
    return 1;
  }
}
