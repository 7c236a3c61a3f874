package dev.s2lite.emulator.http;

import dev.s2lite.emulator.journal.Journal;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Records every S2 request in the {@link Journal}: an entry when it arrives, the body as the
 * routes read it (a tee, so nothing is read twice or held), and the status when the response
 * ends, for asynchronous responses and sessions too.
 */
public final class JournalFilter implements Filter {

  /** The request attribute holding the request's {@link Journal.Recording}. */
  static final String RECORDING = "s2lite.journal-recording";

  private final Journal journal;

  public JournalFilter(Journal journal) {
    this.journal = journal;
  }

  /** The recording of a request, or null (not journaled). */
  static Journal.Recording recording(ServletRequest request) {
    return (Journal.Recording) request.getAttribute(RECORDING);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String rawPath = req.getRequestURI();
    if (journal.capacity() == 0 || RequestTarget.isEmulatorOwn(rawPath)) {
      chain.doFilter(request, response);
      return;
    }
    RequestTarget target = RequestTarget.of(req);
    String query = req.getQueryString();
    Journal.Recording recording = journal.begin(req.getMethod(),
        query == null ? rawPath : rawPath + "?" + query,
        target.operation(), target.basin(), target.stream(), headers(req));
    req.setAttribute(RECORDING, recording);
    try {
      chain.doFilter(new Tee(req, recording), response);
    } finally {
      if (req.isAsyncStarted()) {
        recording.status(res.getStatus());
        req.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            recording.complete(res.getStatus());
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            recording.complete(res.getStatus());
          }

          @Override
          public void onError(AsyncEvent event) {
            recording.complete(res.getStatus());
          }

          @Override
          public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
          }
        });
      } else {
        recording.complete(res.getStatus());
      }
    }
  }

  private static List<Map.Entry<String, String>> headers(HttpServletRequest req) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      for (String value : Collections.list(req.getHeaders(name))) {
        out.add(Map.entry(name, value));
      }
    }
    return out;
  }

  /** The request with its body stream copied, as it is read, into the recording. */
  private static final class Tee extends HttpServletRequestWrapper {
    private final Journal.Recording recording;
    private ServletInputStream in;

    Tee(HttpServletRequest request, Journal.Recording recording) {
      super(request);
      this.recording = recording;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new TeeInput(super.getInputStream(), recording);
      }
      return in;
    }
  }

  private static final class TeeInput extends ServletInputStream {
    private final ServletInputStream in;
    private final Journal.Recording recording;

    TeeInput(ServletInputStream in, Journal.Recording recording) {
      this.in = in;
      this.recording = recording;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        recording.body(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        recording.body(b, off, n);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
