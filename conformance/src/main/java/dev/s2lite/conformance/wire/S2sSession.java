package dev.s2lite.conformance.wire;

import dev.s2lite.conformance.CaseContext;
import dev.s2lite.conformance.CaseFailure;
import dev.s2lite.conformance.Res;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * A hand-written S2S session client: HTTP/1.1 on its own socket, the request body sent as chunks
 * while the response streams back (full duplex, as the Rust SDK does on {@code http://}).
 */
public final class S2sSession implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final int status;
  private final Map<String, List<String>> headers;
  private final InputStream body;
  private final Res whole;

  private S2sSession(Socket socket, OutputStream out, int status, Map<String, List<String>> headers,
      InputStream body, Res whole) {
    this.socket = socket;
    this.out = out;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.whole = whole;
  }

  /** Opens an append session (POST) on a stream; returns once the response headers came. */
  public static S2sSession append(CaseContext c, String basin, String stream, Map<String, String> extra) {
    return open(c, basin, "POST", CaseContext.streamPath(stream, "/records"), extra, true);
  }

  /** Opens a read session (GET with {@code Content-Type: s2s/proto}). */
  public static S2sSession read(CaseContext c, String basin, String stream, String query, Map<String, String> extra) {
    return open(c, basin, "GET", CaseContext.streamPath(stream, "/records") + query, extra, false);
  }

  private static S2sSession open(CaseContext c, String basin, String method, String path,
      Map<String, String> extra, boolean requestBody) {
    URI base = c.target().basinUri(basin);
    URI uri = URI.create(base + path);
    List<Map.Entry<String, String>> sent = new ArrayList<>();
    if (!c.target().basinInHost()) {
      sent.add(Map.entry("s2-basin", basin));
    }
    sent.add(Map.entry("content-type", "s2s/proto"));
    extra.forEach((k, v) -> sent.add(Map.entry(k, v)));
    c.http().beforeRawRequest(method, uri, sent);
    boolean tls = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    try {
      Socket socket = tls ? SSLSocketFactory.getDefault().createSocket(base.getHost(), port)
          : new Socket(base.getHost(), port);
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("host: ").append(base.getHost()).append(base.getPort() > 0 ? ":" + base.getPort() : "").append("\r\n")
          .append("authorization: Bearer ").append(c.http().token()).append("\r\n");
      for (Map.Entry<String, String> h : sent) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      if (requestBody) {
        head.append("transfer-encoding: chunked\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new CaseFailure("not an HTTP/1.1 status line: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(l.substring(colon + 1).trim());
      }
      InputStream body = bodyOf(in, headers);
      Res whole = null;
      if (status != 200) {
        byte[] bytes = body.readAllBytes();
        whole = c.http().response(status, headers, bytes);
        c.http().recordRaw(method, uri, sent, status, headers, bytes);
        socket.close();
      } else {
        c.http().recordRaw(method, uri, sent, status, headers, null);
      }
      return new S2sSession(socket, out, status, headers, body, whole);
    } catch (IOException e) {
      throw new CaseFailure(method + " " + uri + " (S2S) failed: " + e);
    }
  }

  private static InputStream bodyOf(InputStream in, Map<String, List<String>> headers) {
    String te = first(headers, "transfer-encoding");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      return new ChunkedInputStream(in);
    }
    String cl = first(headers, "content-length");
    if (cl != null) {
      return new LimitedInputStream(in, Long.parseLong(cl));
    }
    return in;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int ch = in.read(); ch != '\n'; ch = in.read()) {
      if (ch < 0) {
        throw new IOException("connection closed in the middle of a line");
      }
      if (ch != '\r') {
        b.write(ch);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  public int status() {
    return status;
  }

  public String header(String name) {
    return first(headers, name.toLowerCase(Locale.ROOT));
  }

  /** The whole response of a session that did not start (an error before it). */
  public Res whole() {
    if (whole == null) {
      throw new CaseFailure("expected an error before the session, got status 200");
    }
    return whole;
  }

  /** Fails unless the session started: 200 with {@code Content-Type: s2s/proto}. */
  public S2sSession started() {
    if (status != 200) {
      throw new CaseFailure("expected the S2S session to start (200), got " + status + ": " + whole.text());
    }
    String ct = header("content-type");
    if (ct == null || !ct.startsWith("s2s/proto")) {
      throw new CaseFailure("expected Content-Type s2s/proto, got " + ct);
    }
    return this;
  }

  /**
   * Sends bytes (usually whole frames) as one chunk of the request body. A server that already
   * ended the session (after a terminal frame) may have closed the connection: the write is then
   * dropped, as clients must tolerate, and the response says what happened.
   */
  public S2sSession send(byte[] bytes) {
    write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII), bytes,
        "\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** Ends the request body (the client's half-close). */
  public S2sSession halfClose() {
    write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  private void write(byte[]... parts) {
    try {
      for (byte[] p : parts) {
        out.write(p);
      }
      out.flush();
    } catch (IOException serverClosed) {
      // The server ended the session; reading the response shows how.
    }
  }

  /** The next frame, or null when the response ended. */
  public Frames.Frame next() {
    try {
      return Frames.read(body);
    } catch (SocketTimeoutException e) {
      throw new CaseFailure("no S2S frame and no end within 15 s");
    } catch (IOException e) {
      throw new CaseFailure("reading the S2S response failed: " + e);
    }
  }

  /** Every remaining frame, until the response ends. */
  public List<Frames.Frame> rest() {
    List<Frames.Frame> frames = new ArrayList<>();
    for (Frames.Frame f = next(); f != null; f = next()) {
      frames.add(f);
    }
    return frames;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a socket that the server already closed.
    }
  }

  /** A chunked HTTP/1.1 body. */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;
    private boolean afterChunk;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        if (afterChunk) {
          // The CRLF closing a chunk is read only now: servers send it with the next chunk.
          line(in);
        }
        String size = line(in);
        int semi = size.indexOf(';');
        remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (remaining == 0) {
          for (String l = line(in); !l.isEmpty(); l = line(in)) {
            // trailers
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new IOException("connection closed inside a chunk");
      }
      remaining -= n;
      afterChunk = remaining == 0;
      return n;
    }
  }

  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    LimitedInputStream(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int ch = in.read();
      if (ch >= 0) {
        remaining--;
      }
      return ch;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
