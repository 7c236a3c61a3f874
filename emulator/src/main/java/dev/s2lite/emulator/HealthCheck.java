package dev.s2lite.emulator;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code java -cp s2lite.jar dev.s2lite.emulator.HealthCheck [PORT]}: exits 0 when the emulator
 * on this machine answers {@code GET /health} on PORT (default 8080) with {@code 200}, over HTTP
 * or, when it serves TLS, HTTPS; 1 otherwise. The container image's {@code HEALTHCHECK}: the image
 * has no curl or shell.
 */
public final class HealthCheck {

  private static final int TIMEOUT_MILLIS = 5_000;

  private HealthCheck() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    System.exit(check(port));
  }

  /** 0 if {@code http(s)://127.0.0.1:PORT/health} answers 200, else 1 (the reason on stderr). */
  static int check(int port) {
    String problem;
    try {
      problem = problem("http", port);
    } catch (IOException plain) {
      try {
        problem = problem("https", port);
      } catch (IOException | GeneralSecurityException tls) {
        problem = "no answer on port " + port + ": " + plain + "; over TLS: " + tls;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (problem == null) {
      return 0;
    }
    System.err.println("s2lite health: " + problem);
    return 1;
  }

  /** Null when GET /health answers 200, else what it answered. */
  private static String problem(String scheme, int port) throws IOException, GeneralSecurityException {
    URI uri = URI.create(scheme + "://127.0.0.1:" + port + "/health");
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      // Asks this machine's own server whether it is up, sending nothing secret: any certificate
      // (self-signed, or issued for another name) will do.
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(null, new TrustManager[] {new TrustAll()}, null);
      https.setSSLSocketFactory(trustAll.getSocketFactory());
      https.setHostnameVerifier((host, session) -> true);
    }
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    try {
      int status = connection.getResponseCode();
      return status == 200 ? null : "GET " + uri + " answered " + status;
    } finally {
      connection.disconnect();
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
