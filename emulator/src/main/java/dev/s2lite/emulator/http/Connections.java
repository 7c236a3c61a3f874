package dev.s2lite.emulator.http;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** Breaking exchanges on purpose, for fault rules: below the servlet API, in Jetty's terms. */
final class Connections {

  private Connections() {}

  /**
   * Ends the exchange without its normal end: an HTTP/1.1 connection is closed mid-response, an
   * HTTP/2 stream is reset; the client sees a broken response, not an error message.
   */
  static void abort(ServletRequest request) {
    channel(request).abort(new IOException("dropped by a fault rule"));
  }

  /** Closes the client's TCP connection (every HTTP/2 stream on it too). */
  static void close(ServletRequest request) {
    channel(request).getEndPoint().close();
  }

  private static ServletChannel channel(ServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      r = wrapper.getRequest();
    }
    return ServletContextRequest.getServletContextRequest(r).getServletChannel();
  }
}
