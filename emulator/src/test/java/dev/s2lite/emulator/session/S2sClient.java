package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * A small S2S client for tests, on two transports: a raw HTTP/1.1 socket with a chunked request
 * body (what the Rust SDK does on {@code http://}), and OkHttp over h2c prior knowledge with a
 * duplex body (what the TypeScript SDK does). Frames received are queued as they arrive.
 */
abstract class S2sClient implements AutoCloseable {

  enum Transport { HTTP1, H2C }

  private static final Object END = new Object();
  static final OkHttpClient OK_HTTP = new OkHttpClient.Builder()
      .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
      .readTimeout(Duration.ZERO)
      .writeTimeout(Duration.ofSeconds(30))
      .build();

  final int status;
  final Map<String, String> headers;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final S2sFrameDecoder decoder = new S2sFrameDecoder();
  private final ByteArrayOutputStream plainBody = new ByteArrayOutputStream();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  S2sClient(int status, Map<String, String> headers) {
    this.status = status;
    this.headers = headers;
  }

  /** Opens an append session (POST, duplex body); returns once the response headers arrived. */
  static S2sClient append(Transport transport, URI endpoint, String basin, String stream, Map<String, String> extra) {
    return open(transport, endpoint, "POST", "/v1/streams/" + stream + "/records", basin, extra, true);
  }

  /** Opens a read session (GET with {@code Content-Type: s2s/proto}). */
  static S2sClient read(Transport transport, URI endpoint, String basin, String stream, String query,
      Map<String, String> extra) {
    String path = "/v1/streams/" + stream + "/records" + (query.isEmpty() ? "" : "?" + query);
    return open(transport, endpoint, "GET", path, basin, extra, false);
  }

  static S2sClient open(Transport transport, URI endpoint, String method, String path, String basin,
      Map<String, String> extra, boolean body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("s2-basin", basin);
    headers.put("content-type", "s2s/proto");
    headers.putAll(extra);
    try {
      return transport == Transport.HTTP1
          ? Http1.open(endpoint, method, path, headers, body)
          : H2c.open(endpoint, method, path, headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  abstract void send(byte[] bytes);

  /** Ends the request body (the client's half-close). */
  abstract void halfClose();

  /** Drops the connection or stream abruptly. */
  abstract void abort();

  private final Object gate = new Object();
  private boolean paused;

  /** Stops taking bytes off the connection (a slow reader); TCP flow control pushes back. */
  void pauseReading() {
    synchronized (gate) {
      paused = true;
    }
  }

  void resumeReading() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  protected void awaitReadable() {
    synchronized (gate) {
      while (paused) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** A regular frame with an AppendInput. */
  void sendInput(List<String> bodies, Long matchSeqNum) {
    send(TestProto.frame(TestProto.appendInput(bodies, matchSeqNum, null)));
  }

  /**
   * An input sent after one the server will reject: the server may already have ended the session
   * and closed the connection, so failing to send it is not an error.
   */
  void sendInputAfterAFailure(List<String> bodies, Long matchSeqNum) {
    try {
      sendInput(bodies, matchSeqNum);
    } catch (UncheckedIOException e) {
      // The session ended first; what the server answered is still read from the response.
    }
  }

  /** The next frame, or null when the body ended; fails after the timeout. */
  S2sFrame next(Duration timeout) {
    try {
      Object o = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(o).as("a frame or the end of the body within " + timeout).isNotNull();
      if (o == END) {
        received.add(END);
        return null;
      }
      if (o instanceof Throwable t) {
        throw new AssertionError("the response failed: " + t, t);
      }
      return (S2sFrame) o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  S2sFrame next() {
    return next(Duration.ofSeconds(10));
  }

  TestProto.Ack nextAck() {
    S2sFrame f = next();
    assertThat(f).as("an ack frame").isInstanceOf(S2sFrame.Message.class);
    return TestProto.ack(((S2sFrame.Message) f).payload());
  }

  TestProto.Batch nextBatch() {
    S2sFrame f = next();
    assertThat(f).as("a ReadBatch frame").isInstanceOf(S2sFrame.Message.class);
    return TestProto.batch(((S2sFrame.Message) f).payload());
  }

  S2sFrame.Terminal nextTerminal() {
    S2sFrame f = next();
    assertThat(f).as("a terminal frame").isInstanceOf(S2sFrame.Terminal.class);
    return (S2sFrame.Terminal) f;
  }

  void assertEnds() {
    assertThat(next()).as("the end of the response body").isNull();
  }

  /** The whole body of a non-session (error) response. */
  String errorBody() {
    ended.orTimeout(10, TimeUnit.SECONDS).join();
    return plainBody.toString(StandardCharsets.UTF_8);
  }

  /** The flag byte of every frame received, in order (payloads come decompressed). */
  synchronized List<Integer> flags() {
    byte[] raw = rawBody.toByteArray();
    List<Integer> flags = new java.util.ArrayList<>();
    for (int i = 0; i + 4 <= raw.length; ) {
      int length = (raw[i] & 0xFF) << 16 | (raw[i + 1] & 0xFF) << 8 | (raw[i + 2] & 0xFF);
      flags.add(raw[i + 3] & 0xFF);
      i += 3 + length;
    }
    return flags;
  }

  private final ByteArrayOutputStream rawBody = new ByteArrayOutputStream();
  /** Only the start of a body is kept raw, for {@link #flags()}: load readers stream gigabytes. */
  private static final int RAW_BODY_LIMIT = 64 << 20;

  protected void received(byte[] bytes, int offset, int length) {
    synchronized (this) {
      if (rawBody.size() < RAW_BODY_LIMIT) {
        rawBody.write(bytes, offset, length);
      }
    }
    if (status != 200) {
      plainBody.write(bytes, offset, length);
      return;
    }
    decoder.feed(bytes, offset, length);
    try {
      for (S2sFrame f = decoder.next(); f != null; f = decoder.next()) {
        received.add(f);
      }
    } catch (S2sFrameException e) {
      received.add(e);
    }
  }

  protected void receivedEnd(Throwable failure) {
    if (failure != null) {
      received.add(failure);
    } else if (decoder.hasPartialFrame()) {
      received.add(new IOException("body ended inside a frame"));
    }
    received.add(END);
    ended.complete(null);
  }

  @Override
  public void close() {
    abort();
  }

  /** HTTP/1.1 over a plain socket, chunked request body. */
  static final class Http1 extends S2sClient {
    private final Socket socket;
    private final OutputStream out;
    private volatile boolean closing;

    private Http1(int status, Map<String, String> headers, Socket socket) throws IOException {
      super(status, headers);
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    static Http1 open(URI endpoint, String method, String path, Map<String, String> headers, boolean body)
        throws IOException {
      Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
      socket.setTcpNoDelay(true);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body) {
        head.append("transfer-encoding: chunked\r\n");
      }
      head.append("\r\n");
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int status;
      Map<String, String> responseHeaders;
      do {
        String[] lines = readHead(in).split("\r\n");
        status = Integer.parseInt(lines[0].split(" ")[1]);
        responseHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          responseHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      } while (status == 100);
      Http1 client = new Http1(status, responseHeaders, socket);
      Map<String, String> h = responseHeaders;
      Thread reader = new Thread(() -> client.readBody(in, h), "s2s-http1-reader");
      reader.setDaemon(true);
      reader.start();
      return client;
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the response head");
        }
        head.write(b);
        matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
            ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      return text.substring(0, text.length() - 4);
    }

    private void readBody(InputStream in, Map<String, String> h) {
      try {
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
          while (true) {
            awaitReadable();
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
              while (!readLine(in).isEmpty()) {
                // trailers
              }
              break;
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
              throw new IOException("connection closed inside a chunk");
            }
            received(chunk, 0, size);
            readLine(in);
          }
        } else if (h.containsKey("content-length")) {
          byte[] body = in.readNBytes(Integer.parseInt(h.get("content-length")));
          received(body, 0, body.length);
        } else {
          byte[] buf = new byte[8192];
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            received(buf, 0, n);
          }
        }
        receivedEnd(null);
      } catch (IOException e) {
        receivedEnd(closing ? null : e);
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed inside the chunked body");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    @Override
    synchronized void send(byte[] bytes) {
      try {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    synchronized void halfClose() {
      try {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void abort() {
      closing = true;
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  /** OkHttp over h2c prior knowledge, duplex request body. */
  static final class H2c extends S2sClient {
    private final Call call;
    private final BufferedSink sink;
    private volatile boolean closing;

    private H2c(int status, Map<String, String> headers, Call call, BufferedSink sink) {
      super(status, headers);
      this.call = call;
      this.sink = sink;
    }

    private static final class DuplexBody extends RequestBody {
      final CompletableFuture<BufferedSink> sink = new CompletableFuture<>();

      @Override
      public MediaType contentType() {
        return MediaType.get("s2s/proto");
      }

      @Override
      public boolean isDuplex() {
        return true;
      }

      @Override
      public void writeTo(BufferedSink sink) {
        this.sink.complete(sink);
      }
    }

    static H2c open(URI endpoint, String method, String path, Map<String, String> headers, boolean body)
        throws IOException {
      Request.Builder request = new Request.Builder().url(endpoint.resolve(path).toString());
      headers.forEach(request::header);
      DuplexBody duplex = body ? new DuplexBody() : null;
      request.method(method, duplex);
      Call call = OK_HTTP.newCall(request.build());
      Response response = call.execute();
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      response.headers().forEach(p -> responseHeaders.put(p.getFirst().toLowerCase(Locale.ROOT), p.getSecond()));
      BufferedSink sink = duplex == null ? null : duplex.sink.orTimeout(5, TimeUnit.SECONDS).join();
      H2c client = new H2c(response.code(), responseHeaders, call, sink);
      Thread reader = new Thread(() -> client.readBody(response), "s2s-h2c-reader");
      reader.setDaemon(true);
      reader.start();
      return client;
    }

    private void readBody(Response response) {
      try (BufferedSource source = response.body().source()) {
        byte[] buf = new byte[8192];
        for (int n = source.read(buf); n >= 0; n = source.read(buf)) {
          received(buf, 0, n);
          awaitReadable();
        }
        receivedEnd(null);
      } catch (IOException e) {
        receivedEnd(closing ? null : e);
      }
    }

    @Override
    void send(byte[] bytes) {
      try {
        sink.write(bytes);
        sink.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void halfClose() {
      try {
        sink.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void abort() {
      closing = true;
      call.cancel();
    }
  }
}
