package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request passes before the routes, at Jetty's level:
 *
 * <ul>
 *   <li>a unary request's body is read in full without holding a thread (non-blocking reads, so
 *       clients that stall mid-body cannot take the thread pool) and within a deadline: a body
 *       not complete {@code bodyTimeout} after the headers is {@code 408 request_timeout};
 *   <li>bodies buffered at once are capped server-wide: past the cap a request is {@code 503
 *       unavailable}, so many large stalled bodies cannot exhaust the heap;
 *   <li>{@code HEAD} is served by the {@code GET} route, and Jetty sends no body for it (as lite's
 *       router does);
 *   <li>it counts the requests in flight, and once draining answers new ones {@code 503
 *       unavailable}, so shutdown can wait for what was admitted.
 * </ul>
 *
 * S2S append sessions stream their body and pass through unbuffered.
 */
final class RequestGate extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

  /** Set on a {@code HEAD} request served as a {@code GET}; sessions then send only their headers. */
  static final String HEAD = "s2lite.head";

  /** Set on a request whose body exceeded what may be buffered; {@link Requests#body} reports it. */
  static final String BODY_TOO_LARGE = "s2lite.body-too-large";

  /** Headers an HTTP/1 request may carry (hyper's limit, which lite keeps). */
  static final int MAX_HEADERS = 100;

  /** Bodies held in memory by requests at once, server-wide. */
  static final long MAX_BUFFERED_BYTES = 128L * 1024 * 1024;

  private final Duration bodyTimeout;
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private volatile long lastRequestNanos = System.nanoTime();
  private final Object idle = new Object();
  private volatile boolean draining;

  RequestGate(Duration bodyTimeout) {
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (draining) {
      reject(request, response, callback, S2Error.unavailable("the server is shutting down"));
      return true;
    }
    if (request.getHeaders().size() > MAX_HEADERS
        && request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
      // As lite's HTTP/1 parser (hyper): a bare 431, and the connection closes.
      response.setStatus(431);
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, null, callback);
      return true;
    }
    inFlight.incrementAndGet();
    lastRequestNanos = System.nanoTime();
    Callback done = Callback.from(callback, this::finished);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      request = new AsGet(request);
    }
    if (!hasBody(request) || isStreamingSession(request)) {
      return handleNext(request, response, done);
    }
    new BodyReader(request, response, done).start();
    return true;
  }

  private boolean handleNext(Request request, Response response, Callback callback) throws Exception {
    if (super.handle(request, response, callback)) {
      return true;
    }
    finished();
    return false;
  }

  private void finished() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** From now on new requests are answered {@code 503 unavailable}. */
  void drain() {
    draining = true;
  }

  /** Nanoseconds since the last request started. */
  long nanosSinceLastRequest() {
    return System.nanoTime() - lastRequestNanos;
  }

  /** Requests admitted and not yet completed. */
  long inFlight() {
    return inFlight.get();
  }

  /** Waits until no admitted request is in flight, or the deadline ({@link System#nanoTime}); true if none is. */
  boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  private static boolean hasBody(Request request) {
    // -1: a length not announced (chunked, or HTTP/2 without content-length): read to find out.
    return request.getLength() != 0;
  }

  private static boolean isStreamingSession(Request request) {
    MediaType type = MediaType.parse(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    return type != null && type.isS2s();
  }

  /** Answers with an S2 error, outside the routes; the connection closes after it on HTTP/1. */
  private static void reject(Request request, Response response, Callback callback, S2Error error) {
    response.setStatus(error.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    response.write(true, ByteBuffer.wrap(Json.bytes(error.body())), callback);
  }

  /** Reads one request's body as it arrives, then hands the request on with the body in memory. */
  private final class BodyReader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long cap;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean settled = new AtomicBoolean();
    private Scheduler.Task timeout;

    BodyReader(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      // A compressed body is limited once decompressed (Requests.body); allow its raw form some slack.
      // Admin uploads (snapshot files) may be larger than S2 request bodies.
      long limit = RequestTarget.isAdmin(request.getHttpURI().getPath())
          ? Requests.MAX_ADMIN_BODY_BYTES : Requests.MAX_BODY_BYTES;
      this.cap = request.getHeaders().get(HttpHeader.CONTENT_ENCODING) == null ? limit : 2L * limit;
      this.callback = Callback.from(callback, () -> buffered.addAndGet(-body.size()));
    }

    void start() {
      timeout = request.getComponents().getScheduler()
          .schedule(this::timedOut, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      run();
    }

    /** Reads what is available, then asks to be called again when more arrives. */
    @Override
    public void run() {
      while (!settled.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // The client went away or broke the framing: nobody is left to answer.
          if (settled.compareAndSet(false, true)) {
            timeout.cancel();
            callback.failed(chunk.getFailure());
          }
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        boolean tooLarge = body.size() + (long) n > cap;
        if (!tooLarge) {
          if (buffered.addAndGet(n) > MAX_BUFFERED_BYTES) {
            buffered.addAndGet(-n);
            chunk.release();
            fail(S2Error.unavailable("too many request bodies in flight; retry later"));
            return;
          }
          try {
            byte[] copy = new byte[n];
            bytes.get(copy);
            body.write(copy, 0, n);
          } catch (OutOfMemoryError e) {
            chunk.release();
            fail(S2Error.outOfMemory());
            return;
          }
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (tooLarge || last) {
          proceed(tooLarge);
          return;
        }
      }
    }

    private void proceed(boolean tooLarge) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      timeout.cancel();
      Request next = new BufferedRequest(request, tooLarge ? new byte[0] : body.toByteArray());
      if (tooLarge) {
        next.setAttribute(BODY_TOO_LARGE, Boolean.TRUE);
      }
      try {
        if (!handleNext(next, response, callback)) {
          Response.writeError(next, response, callback, 404);
        }
      } catch (Throwable t) {
        LOG.error("unexpected failure answering {} {}", request.getMethod(), request.getHttpURI(), t);
        callback.failed(t);
      }
    }

    private void timedOut() {
      fail(S2Error.requestTimeout("the request body was not received within "
          + bodyTimeout.toMillis() / 1000.0 + " s"));
    }

    private void fail(S2Error error) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      timeout.cancel();
      reject(request, response, callback, error);
    }
  }

  /** A {@code HEAD} request as its {@code GET}; the connection still knows it is a HEAD and drops the body. */
  private static final class AsGet extends Request.Wrapper {
    AsGet(Request request) {
      super(request);
      setAttribute(HEAD, Boolean.TRUE);
    }

    @Override
    public String getMethod() {
      return HttpMethod.GET.asString();
    }
  }

  /** A request whose body was read already: its content is that body, then the end. */
  private static final class BufferedRequest extends Request.Wrapper {
    private Content.Chunk content;

    BufferedRequest(Request request, byte[] body) {
      super(request);
      this.content = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public synchronized Content.Chunk read() {
      Content.Chunk next = content;
      content = Content.Chunk.EOF;
      return next;
    }

    @Override
    public boolean consumeAvailable() {
      return true;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
